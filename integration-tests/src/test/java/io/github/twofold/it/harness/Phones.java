package io.github.twofold.it.harness;

import java.security.SecureRandom;

/**
 * Random valid mobile numbers. Each test gets its own number, in its own 1,000-number block
 * (the prefix budget), registered with the secret scanner.
 */
public final class Phones {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] GERMAN_MOBILE_PREFIXES = {"151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "178", "179"};

    private Phones() {
    }

    /** {@code +49 15x/16x/17x ...}: valid German mobile numbers in E.164. */
    public static String random() {
        String prefix = GERMAN_MOBILE_PREFIXES[RANDOM.nextInt(GERMAN_MOBILE_PREFIXES.length)];
        int digits = prefix.startsWith("15") ? 8 : prefix.equals("160") ? 7 : 8;
        StringBuilder n = new StringBuilder("+49").append(prefix);
        for (int i = 0; i < digits; i++) {
            n.append(RANDOM.nextInt(10));
        }
        SecretScanner.get().register("phone number", n.toString());
        return n.toString();
    }

    /** {@code +41 78 ...}: a valid Swiss mobile number in E.164 (the test servers' Twilio gateway does not serve Switzerland). */
    public static String swiss() {
        return registered("+4178", 7);
    }

    /** {@code +43 660 ...}: a valid Austrian mobile number in E.164 (the test servers send to Austria through Twilio Verify first). */
    public static String austrian() {
        return registered("+43660", 7);
    }

    /** {@code +423 6602 ...}: a valid Liechtenstein mobile number in E.164 (the test servers' HTTP gateway does not serve Liechtenstein). */
    public static String liechtenstein() {
        return registered("+4236602", 5);
    }

    /** Another number in the same block of 1,000 as {@code e164} (the prefix budget's unit): only the last three digits differ. */
    public static String sameBlockAs(String e164) {
        String block = e164.substring(0, e164.length() - 3);
        String last = e164.substring(e164.length() - 3);
        return registered(block + (last.equals("000") ? "001" : "000"), 0);
    }

    private static String registered(String prefix, int digits) {
        StringBuilder n = new StringBuilder(prefix);
        for (int i = 0; i < digits; i++) {
            n.append(RANDOM.nextInt(10));
        }
        SecretScanner.get().register("phone number", n.toString());
        return n.toString();
    }

    /** The masked form Twofold shows on pages. */
    public static String display(String e164) {
        return "+49 ••• ••• " + e164.substring(e164.length() - 4);
    }

    /** The masked form Twofold writes into events and logs. */
    public static String masked(String e164) {
        return "+49" + "*".repeat(e164.length() - 7) + e164.substring(e164.length() - 4);
    }
}

package io.github.twofold.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every secret a test sees (SMS codes, backup codes, emergency codes, phone numbers, gateway
 * tokens) is registered here; at the end of the run the server log is scanned and the suite fails
 * if any of them appears (see {@code LogSecretScanIT}).
 */
public final class SecretScanner {

    private static final SecretScanner INSTANCE = new SecretScanner();

    private final Map<String, String> secrets = new LinkedHashMap<>();

    public static SecretScanner get() {
        return INSTANCE;
    }

    /** Registers a secret; a phone number is registered with and without its leading {@code +}. */
    public synchronized void register(String kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        secrets.putIfAbsent(value, kind);
        if (value.startsWith("+")) {
            secrets.putIfAbsent(value.substring(1), kind);
        }
        String compact = value.replace("-", "").replace(" ", "");
        if (!compact.equals(value)) {
            secrets.putIfAbsent(compact, kind);
        }
    }

    public synchronized int size() {
        return secrets.size();
    }

    /** One place a secret was found. */
    public record Finding(String kind, String context) {
        @Override
        public String toString() {
            return kind + " in: " + context;
        }
    }

    /**
     * Finds registered secrets in {@code text}; a match must not touch other letters or digits.
     * One pass over the text: at each position that starts a word, the secrets that share its first
     * characters are compared (a regular expression per secret took a minute on a whole run's log).
     */
    public synchronized List<Finding> scan(String text) {
        if (text == null || text.isBlank()) {
            // an empty log proves nothing: the server logged elsewhere, or the file was lost
            throw new AssertionError("nothing to scan: the log is empty or missing");
        }
        int prefix = secrets.keySet().stream().mapToInt(String::length).min().orElse(0);
        Map<String, List<String>> byPrefix = new java.util.HashMap<>();
        secrets.keySet().forEach(secret -> byPrefix.computeIfAbsent(secret.substring(0, prefix), p -> new ArrayList<>()).add(secret));
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; prefix > 0 && i + prefix <= text.length(); i++) {
            if (i > 0 && wordChar(text.charAt(i - 1))) {
                continue;
            }
            List<String> candidates = byPrefix.get(text.substring(i, i + prefix));
            if (candidates == null) {
                continue;
            }
            for (String secret : candidates) {
                int end = i + secret.length();
                if (text.startsWith(secret, i) && (end == text.length() || !wordChar(text.charAt(end)))) {
                    int from = Math.max(0, i - 80);
                    int to = Math.min(text.length(), end + 40);
                    String context = text.substring(from, to).replace(secret, "<" + secrets.get(secret) + ">").replace('\n', ' ');
                    findings.add(new Finding(secrets.get(secret), context));
                }
            }
        }
        return findings;
    }

    private static boolean wordChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}

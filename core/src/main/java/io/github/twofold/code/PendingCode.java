package io.github.twofold.code;

import java.util.HashMap;
import java.util.Map;

/**
 * An SMS code waiting to be typed: only its salted hash, when it expires, where it went (a
 * credential id at login, the number being enrolled otherwise) and the send history of this
 * login, which drives the resend cooldown. {@code checkedBy} names the gateway that made, sent
 * and checks the code itself (Twilio Verify), or is null: the code is Twofold's, checked by its hash.
 */
public record PendingCode(String id, String hash, String salt, long expiresAt, String target,
                          int sends, long nextSendAt, String checkedBy) {

    private static final String ID = "id";
    private static final String HASH = "hash";
    private static final String SALT = "salt";
    private static final String EXPIRES = "exp";
    private static final String TARGET = "target";
    private static final String SENDS = "sends";
    private static final String NEXT_SEND = "next";
    private static final String CHECKED_BY = "by";

    /** A fresh code for {@code target}; {@code previous} carries the send history (may be null). */
    public static PendingCode issue(String code, String target, long now, int lifetimeSeconds,
                                    PendingCode previous, int baseCooldownSeconds) {
        return issue(newId(), code, target, now, lifetimeSeconds, previous, baseCooldownSeconds);
    }

    /** An id for a code about to be issued (its limit counters can be made before it is sent). */
    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    /** As {@link #issue(String, String, long, int, PendingCode, int)}, with the id given. */
    public static PendingCode issue(String id, String code, String target, long now, int lifetimeSeconds,
                                    PendingCode previous, int baseCooldownSeconds) {
        byte[] salt = SecretHash.salt();
        int sends = previous == null ? 1 : previous.sends + 1;
        return new PendingCode(id, SecretHash.encode(SecretHash.hmac(salt, code)),
                SecretHash.encode(salt), now + lifetimeSeconds, target, sends, now + cooldown(sends, baseCooldownSeconds), null);
    }

    /** This code as one that {@code gateway} made and checks (its hash is then never compared). */
    public PendingCode checkedBy(String gateway) {
        return new PendingCode(id, hash, salt, expiresAt, target, sends, nextSendAt, gateway);
    }

    /**
     * Wait before the next send: the base cooldown after the first and second send, then doubling
     * (30 s, 30 s, 60 s, 120 s, ...), capped at 15 minutes.
     */
    public static long cooldown(int sends, int baseSeconds) {
        int doublings = Math.max(0, sends - 2);
        long wait = (long) baseSeconds << Math.min(doublings, 10);
        return Math.min(wait, 900);
    }

    /** The same send history with no usable code: expired now, bound to nothing. */
    public PendingCode withdrawn(long now) {
        return new PendingCode(id, hash, salt, Math.min(expiresAt, now), "", sends, nextSendAt, checkedBy);
    }

    public boolean matches(String code) {
        return SecretHash.matches(SecretHash.decode(hash), SecretHash.hmac(SecretHash.decode(salt), code));
    }

    public boolean expired(long now) {
        return now >= expiresAt;
    }

    public long secondsUntilResend(long now) {
        return Math.max(0, nextSendAt - now);
    }

    public Map<String, String> toNotes() {
        Map<String, String> notes = new HashMap<>();
        notes.put(ID, id);
        notes.put(HASH, hash);
        notes.put(SALT, salt);
        notes.put(EXPIRES, Long.toString(expiresAt));
        notes.put(TARGET, target);
        notes.put(SENDS, Integer.toString(sends));
        notes.put(NEXT_SEND, Long.toString(nextSendAt));
        if (checkedBy != null) {
            notes.put(CHECKED_BY, checkedBy);
        }
        return notes;
    }

    public static PendingCode fromNotes(Map<String, String> notes) {
        if (notes == null || !notes.containsKey(HASH)) {
            return null;
        }
        return new PendingCode(notes.get(ID), notes.get(HASH), notes.get(SALT), Long.parseLong(notes.get(EXPIRES)),
                notes.get(TARGET), Integer.parseInt(notes.get(SENDS)), Long.parseLong(notes.get(NEXT_SEND)), notes.get(CHECKED_BY));
    }
}

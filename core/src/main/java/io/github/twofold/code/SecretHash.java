package io.github.twofold.code;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Salted hashes of short secrets and their constant-time comparison. */
public final class SecretHash {

    public static final SecureRandom RANDOM = new SecureRandom();

    private SecretHash() {
    }

    public static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** HMAC-SHA-256 keyed with a per-code salt: for short-lived SMS codes, where a KDF adds nothing. */
    public static byte[] hmac(byte[] salt, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** PBKDF2-HMAC-SHA-256: for stored look-up secrets (backup and emergency codes). */
    public static byte[] pbkdf2(byte[] salt, String secret, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** A new salted PBKDF2 hash in its stored form, {@code <base64 salt>:<base64 hash>}. */
    public static String storedPbkdf2(String secret, int iterations) {
        byte[] salt = salt();
        return encode(salt) + ":" + encode(pbkdf2(salt, secret, iterations));
    }

    /** Whether {@code secret} hashes to a value stored by {@link #storedPbkdf2} (constant time). */
    public static boolean matchesStoredPbkdf2(String stored, String secret, int iterations) {
        int colon = stored.indexOf(':');
        byte[] salt = decode(stored.substring(0, colon));
        byte[] expected = decode(stored.substring(colon + 1));
        return matches(expected, pbkdf2(salt, secret, iterations));
    }

    /** Constant-time comparison. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }

    /** SHA-256, hex, for turning user-derived values (numbers, IPs) into fixed-size, non-reversible key parts. */
    public static String digest(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            // the first 16 bytes; on every counter key, so no per-byte String.format
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

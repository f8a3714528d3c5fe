package io.github.twofold.it.benchmark;

import io.github.twofold.testsupport.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Benchmark accounts that trusted their browser earlier, stored the way Twofold stores a trust (a
 * credential with the secret's hash, given under a digest of the account's other credentials), so
 * the measured login is the trusted one and nothing else. If Twofold's stored form changes, the
 * trusted flow's logins fail (the smoke in every run catches it).
 */
final class TrustedBrowsers {

    static final String COOKIE = "TWOFOLD_TRUSTED_BROWSER";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The account's credentials and the cookie its browser holds. */
    record Trusted(List<Map<String, Object>> credentials, String cookie) {
    }

    private TrustedBrowsers() {
    }

    static Trusted trustedAccount(Map<String, Object> passwordCredential, String phone) {
        long now = System.currentTimeMillis();
        Map<String, Object> password = withId(passwordCredential, now);
        Map<String, Object> sms = withId(Map.of("type", "twofold-sms", "secretData", "{\"phone\":\"" + phone + "\"}", "credentialData", "{}"), now);
        String fingerprint = sha256(List.of(password, sms).stream()
                .map(c -> c.get("type") + ":" + c.get("id") + ":" + c.get("createdDate"))
                .sorted().collect(Collectors.joining("\n")));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("format", 1);
        data.put("browser", "Benchmark");
        data.put("expiresAt", now / 1000 + 30 * 86400);
        data.put("lastUsedAt", now / 1000);
        data.put("credentials", fingerprint);
        Map<String, Object> trust = new HashMap<>();
        trust.put("id", id);
        trust.put("type", "twofold-trusted-browser");
        trust.put("createdDate", now);
        trust.put("userLabel", "Benchmark");
        trust.put("secretData", Json.write(Map.of("hash", sha256(secret))));
        trust.put("credentialData", Json.write(data));
        List<Map<String, Object>> all = new ArrayList<>(List.of(trust, password, sms));
        return new Trusted(all, id + "." + secret);
    }

    private static Map<String, Object> withId(Map<String, Object> credential, long createdDate) {
        Map<String, Object> copy = new HashMap<>(credential);
        copy.put("id", UUID.randomUUID().toString());
        copy.put("createdDate", createdDate);
        return copy;
    }

    private static String sha256(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.twofold.it.harness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes for Keycloak OTP credentials (HmacSHA1, 6 digits, 30 s), as an authenticator app computes them. */
public final class Totp {

    private Totp() {
    }

    /** Keycloak keys the HMAC with the UTF-8 bytes of the stored secret value. */
    public static String code(String secret) {
        return code(secret.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000 / 30);
    }

    /** The code of one 30-second time step. */
    public static String codeAt(String secret, long step) {
        return code(secret.getBytes(StandardCharsets.UTF_8), step);
    }

    static String code(byte[] key, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            String code = Integer.toString(binary % 1_000_000);
            return "0".repeat(6 - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The credential representation to create a user with this TOTP secret through the admin API. */
    public static java.util.Map<String, Object> credential(String secret) {
        return java.util.Map.of("type", "otp", "userLabel", "Phone app",
                "secretData", "{\"value\":\"" + secret + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
    }
}

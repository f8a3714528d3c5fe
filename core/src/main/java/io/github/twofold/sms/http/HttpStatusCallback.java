package io.github.twofold.sms.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.sms.DeliveryReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.util.JsonSerialization;

/**
 * Delivery reports for the {@code http} gateway: vendors' own callbacks differ in shape and
 * signature, so Twofold takes one documented shape that the operator's adapter (or a vendor with
 * configurable webhooks) posts: a JSON object {@code {"id", "status", "to", "errorCode"}} signed with
 * the shared {@code status-secret} as {@code X-Twofold-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
public final class HttpStatusCallback {

    /** Below {@code /realms/{realm}/twofold/}. */
    public static final String PATH = "sms-status/http";
    public static final String SIGNATURE_HEADER = "X-Twofold-Signature";
    /** A report is a few hundred bytes; anything far larger is refused before it is hashed or parsed. */
    public static final int MAX_BYTES = 4096;

    /** A vendor's message id as the gateway's answer gave it: no spaces, no markup. */
    static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_-]{1,20}");
    private static final Pattern E164 = Pattern.compile("\\+[0-9]{6,15}");

    private final byte[] secret;

    HttpStatusCallback(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code signature} ({@code sha256=<hex>}) is the secret's HMAC of exactly these bytes. */
    public boolean signed(byte[] body, String signature) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), given);
    }

    byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The report the body describes, or empty when it is not JSON or a field Twofold needs is missing or malformed. */
    public static Optional<DeliveryReport> report(byte[] body) {
        JsonNode json;
        try {
            json = JsonSerialization.mapper.readTree(body);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        String id = text(json, "id");
        String status = text(json, "status");
        if (id == null || !MESSAGE_ID.matcher(id).matches() || status == null || !DeliveryReport.STATUSES.contains(status)) {
            return Optional.empty();
        }
        String to = text(json, "to");
        String errorCode = text(json, "errorCode");
        return Optional.of(new DeliveryReport(HttpSmsGatewayFactory.PROVIDER_ID, id, status,
                to != null && E164.matcher(to).matches() ? to : null,
                errorCode != null && ERROR_CODE.matcher(errorCode).matches() ? errorCode : null));
    }

    /** The message id in a gateway's answer to a send: the named top-level field, when it is one Twofold can keep. */
    static String messageId(String answer, String field) {
        try {
            JsonNode json = JsonSerialization.mapper.readTree(answer);
            String id = json == null ? null : text(json, field);
            return id != null && MESSAGE_ID.matcher(id).matches() ? id : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && (value.isTextual() || value.isNumber()) ? value.asText() : null;
    }
}

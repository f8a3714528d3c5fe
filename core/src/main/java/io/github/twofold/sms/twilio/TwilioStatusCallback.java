package io.github.twofold.sms.twilio;

import com.twilio.security.RequestValidator;
import io.github.twofold.sms.DeliveryReport;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

/**
 * Twilio's message status callback: the address Twofold asks Twilio to post each message's states
 * to, and the check of Twilio's signature on what arrives there ({@code X-Twilio-Signature}, an
 * HMAC-SHA1 with the account's auth token over the address and the sorted form fields; checked with
 * the Twilio SDK's own validator).
 */
public final class TwilioStatusCallback {

    /** Below {@code /realms/{realm}/twofold/}. */
    public static final String PATH = "sms-status/twilio";

    private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");
    private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,6}");

    private final RequestValidator validator;

    TwilioStatusCallback(String authToken) {
        this.validator = new RequestValidator(authToken);
    }

    /**
     * The realm's callback address under Keycloak's frontend URL: the same at sending and at checking,
     * so the signature is checked against the address Twilio was given, not the one a proxy forwarded.
     */
    public static String url(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("twofold").path(PATH).build().toString();
    }

    /** Whether Twilio signed these fields for this address. */
    public boolean signed(String url, Map<String, String> fields, String signature) {
        return signature != null && !signature.isBlank() && validator.validate(url, fields, signature);
    }

    /** The report the fields describe, or empty when a field Twofold needs is missing or malformed. */
    public static Optional<DeliveryReport> report(Map<String, String> fields) {
        String sid = fields.get("MessageSid");
        String status = fields.get("MessageStatus");
        if (sid == null || !MESSAGE_SID.matcher(sid).matches() || status == null || !DeliveryReport.STATUSES.contains(status)) {
            return Optional.empty();
        }
        String errorCode = fields.get("ErrorCode");
        if (errorCode != null && !ERROR_CODE.matcher(errorCode).matches()) {
            errorCode = null;
        }
        String to = fields.get("To");
        if (to != null && !to.matches("\\+[0-9]{6,15}")) {
            to = null;
        }
        return Optional.of(new DeliveryReport(TwilioSmsGatewayFactory.PROVIDER_ID, sid, status, to, errorCode));
    }
}

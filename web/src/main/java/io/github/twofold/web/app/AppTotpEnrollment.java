package io.github.twofold.web.app;

import io.github.twofold.request.TwofoldRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.enrollment.AppEnrollment;
import io.github.twofold.policy.TwofoldPolicy;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * {@code POST totp} and {@code POST totp/confirm}: the app API's door to {@link AppEnrollment},
 * which it translates into JSON and problem answers.
 */
final class AppTotpEnrollment {

    private final KeycloakSession session;
    private final AppRequests requests;

    AppTotpEnrollment(KeycloakSession session, AppRequests requests) {
        this.session = session;
        this.requests = requests;
    }

    /** Starts an enrollment: the otpauth URI, the secret (this once) and its QR code. */
    Response.ResponseBuilder start(AppCaller caller) {
        requests.mayChange(caller);
        FactorKinds.refusal(session, caller.realm(), caller.user(), TwofoldPolicy.METHOD_APP).ifPresent(reason -> {
            throw requests.kindRefused(caller, TwofoldPolicy.METHOD_APP, reason);
        });
        AppEnrollment.Started started = enrollment(caller).start(caller.user(), caller.userSession().getId());
        QrCode qr = QrCode.of(started.otpauthUri());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enrollment", started.id());
        body.put("otpauthUri", started.otpauthUri());
        body.put("secret", started.secret());
        body.put("qrPng", "data:image/png;base64," + Base64.getEncoder().encodeToString(qr.png()));
        body.put("qrSvg", qr.svg());
        body.put("expiresIn", AppEnrollment.LIFETIME_SECONDS);
        return AppRequests.created(body);
    }

    /** Confirms an enrollment with a code from the app; stores the credential once. */
    Response.ResponseBuilder confirm(AppCaller caller, String rawBody) {
        requests.mayChange(caller);
        JsonNode body = Json.read(rawBody);
        String enrollmentId = Json.text(body, "enrollment", 64);
        String code = Json.text(body, "code", 16).replace(" ", "");
        String label = Json.optionalText(body, "label", 255);
        AppEnrollment.Outcome outcome = enrollment(caller).confirm(caller.user(), caller.userSession().getId(), enrollmentId, code, label,
                requests.event(caller, EventType.UPDATE_CREDENTIAL));
        return switch (outcome.status()) {
            case STORED -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", outcome.credentialId());
                out.put("kind", TwofoldPolicy.METHOD_APP);
                yield AppRequests.created(out);
            }
            case NOT_FOUND -> throw new Problem(Response.Status.NOT_FOUND, "enrollment-not-found", "No such enrollment",
                    "The enrollment does not exist, expired, was already confirmed, or belongs to another session: start a new one.");
            case REFUSED -> throw Problem.codeRefused("Wait before trying again, or start a new enrollment.",
                    "This enrollment had its tries: start a new one (POST totp).", outcome.refusal());
            case WRONG -> throw new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right",
                    "Enter the current 6-digit code the authenticator app shows for this account.");
            case ALREADY_CONFIRMED -> throw new Problem(Response.Status.CONFLICT, "enrollment-not-found", "Already confirmed",
                    "This enrollment was confirmed by another request.");
            case DUPLICATE_LABEL -> throw new Problem(Response.Status.CONFLICT, "duplicate-label", "Label in use",
                    "Another authenticator app has this label: send the confirmation again with another label.");
            case EXPIRED_WHILE_CHECKED -> throw new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right",
                    "The code expired while it was checked: start again.");
        };
    }

    private AppEnrollment enrollment(AppCaller caller) {
        return TwofoldRequest.of(session, caller.realm()).appEnrollment();
    }
}

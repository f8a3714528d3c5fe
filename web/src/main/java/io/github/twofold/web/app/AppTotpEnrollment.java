package io.github.twofold.web.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.CredentialValidation;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.utils.CredentialHelper;

/** {@code POST totp} and {@code POST totp/confirm}: an authenticator app set up through the app API. */
final class AppTotpEnrollment {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{6,8}");
    private static final int TOTP_ATTEMPTS = 5;

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
        String secret = HmacOTP.generateSecret(20);
        AppEnrollments.Pending pending = new AppEnrollments(session, caller.realm()).start(caller.userSession().getId(), secret);
        String uri = caller.realm().getOTPPolicy().getKeyURI(caller.realm(), caller.user(), secret);
        QrCode qr = QrCode.of(uri);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enrollment", pending.id());
        body.put("otpauthUri", uri);
        body.put("secret", secret);
        body.put("qrPng", "data:image/png;base64," + Base64.getEncoder().encodeToString(qr.png()));
        body.put("qrSvg", qr.svg());
        body.put("expiresIn", AppEnrollments.LIFETIME_SECONDS);
        return AppRequests.created(body);
    }

    /** Confirms an enrollment with a code from the app; stores the credential once. */
    Response.ResponseBuilder confirm(AppCaller caller, String rawBody) {
        requests.mayChange(caller);
        JsonNode body = Json.read(rawBody);
        String enrollmentId = Json.text(body, "enrollment", 64);
        String code = Json.text(body, "code", 16).replace(" ", "");
        String label = Json.optionalText(body, "label", 255);
        AppEnrollments enrollments = new AppEnrollments(session, caller.realm());
        AppEnrollments.Pending pending = enrollments.find(enrollmentId, caller.userSession().getId()).orElseThrow(() ->
                new Problem(Response.Status.NOT_FOUND, "enrollment-not-found", "No such enrollment",
                        "The enrollment does not exist, expired, was already confirmed, or belongs to another session: start a new one."));
        RealmModel realm = caller.realm();
        OTPCredentialModel model = OTPCredentialModel.createFromPolicy(realm, pending.secret(), label);
        TwofoldPolicy policy = TwofoldPolicy.of(realm);
        VerificationGuard.Verification<CodeCheck> verification = new VerificationGuard(session, realm, policy)
                .verify(caller.user(), ClientAddress.limitKey(session, policy),
                        Optional.of(new VerificationGuard.CodeCap("app-enrollment:" + pending.id(), TOTP_ATTEMPTS, AppEnrollments.LIFETIME_SECONDS)),
                        () -> !DIGITS.matcher(code).matches() ? CodeCheck.notACode(code)
                                : CredentialValidation.validOTP(code, model, realm.getOTPPolicy().getLookAheadWindow()) ? CodeCheck.OK : CodeCheck.WRONG,
                        c -> c == CodeCheck.OK);
        if (verification.refused()) {
            throw Problem.limited("too-many-attempts", "Too many wrong codes", "Wait before trying again, or start a new enrollment.",
                    verification.refusal());
        }
        if (!verification.accepted()) {
            requests.event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.APP_ENROLLMENT_CODE_WRONG.key()).error("invalid_totp");
            throw new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right",
                    "Enter the current 6-digit code the authenticator app shows for this account.");
        }
        if (!enrollments.finish(pending)) {
            throw new Problem(Response.Status.CONFLICT, "enrollment-not-found", "Already confirmed",
                    "This enrollment was confirmed by another request.");
        }
        boolean stored;
        try {
            stored = CredentialHelper.createOTPCredential(session, realm, caller.user(), code, model);
        } catch (ModelDuplicateException duplicate) {
            throw new Problem(Response.Status.CONFLICT, "duplicate-label", "Label in use", "Another authenticator app has this label: start again with another one.");
        }
        if (!stored) {
            throw new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right", "The code expired while it was checked: start again.");
        }
        String id = caller.user().credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .max(java.util.Comparator.comparing(c -> c.getCreatedDate() == null ? 0L : c.getCreatedDate()))
                .map(CredentialModel::getId).orElse(null);
        requests.event(caller, EventType.UPDATE_CREDENTIAL).detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, id)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.APP_ADDED.key()).detail(TwofoldEvents.METHOD, TwofoldPolicy.METHOD_APP).success();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("kind", TwofoldPolicy.METHOD_APP);
        return AppRequests.created(out);
    }
}

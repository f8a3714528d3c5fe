package io.github.twofold.web.app;

import io.github.twofold.audit.TwofoldEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.phone.PhoneEnrollment;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.sms.SmsCodeSender;
import io.github.twofold.trust.TrustedBrowserCredentialModel;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.CredentialValidation;
import org.keycloak.models.utils.HmacOTP;
import io.github.twofold.compat.CorsOrigins;
import org.keycloak.services.cors.Cors;
import org.keycloak.utils.CredentialHelper;

/**
 * {@code /realms/{realm}/twofold/account}: the user's second factors for an application's own
 * "Security" screen, with the user's access token. Reading needs a valid token of an application the
 * policy lists; every change needs a second factor verified within the policy's freshness window in
 * the session behind the token (403 with {@code acr_values} and {@code max_age} otherwise) and
 * follows the same rules as the sign-in pages: factor kinds, the last factor, limits on typed codes,
 * events and security e-mails. Errors are RFC 9457 problem details; CORS follows the application's
 * web origins.
 */
public class AppApiResource {

    static final String OPENAPI = "/io/github/twofold/web/app/openapi.json";
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{6,8}");
    private static final Pattern CREDENTIAL_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final int TOTP_ATTEMPTS = 5;

    private final KeycloakSession session;

    public AppApiResource(KeycloakSession session) {
        this.session = session;
    }

    /** CORS preflight for every path of the API (no token involved). */
    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder().preflight().allowedMethods("GET", "POST", "DELETE").auth().add(Response.ok());
    }

    /** The OpenAPI document of this API (public). */
    @GET
    @Path("openapi.json")
    public Response openApi() {
        try (InputStream in = AppApiResource.class.getResourceAsStream(OPENAPI)) {
            return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8), JSON).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user's second factors, masked phone, backup codes left and trusted browsers. */
    @GET
    @Path("factors")
    public Response status() {
        return respond(caller -> {
            UserModel user = caller.user();
            List<Map<String, Object>> factors = new ArrayList<>();
            String phone = null;
            int trusted = 0;
            for (CredentialModel c : user.credentialManager().getStoredCredentialsStream().toList()) {
                if (TrustedBrowserCredentialModel.TYPE.equals(c.getType())) {
                    trusted++;
                }
                if (!SecondFactors.isSecondFactor(c.getType())) {
                    continue;
                }
                String masked = SmsCredentialModel.TYPE.equals(c.getType()) ? SmsCredentialModel.from(c).maskedPhoneNumber() : null;
                Map<String, Object> factor = new LinkedHashMap<>();
                factor.put("id", c.getId());
                factor.put("kind", kind(c.getType()));
                factor.put("type", c.getType());
                factor.put("label", masked != null ? masked : c.getUserLabel());
                factor.put("created", c.getCreatedDate());
                factors.add(factor);
                if (masked != null) {
                    phone = masked;
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("factors", factors);
            body.put("phone", phone);
            body.put("backupCodesLeft", new BackupCodes(session, caller.realm()).remaining(user));
            body.put("trustedBrowsers", trusted);
            body.put("secondFactorRequired", SecondFactors.requiredFor(session, caller.realm(), user, caller.client(), TwofoldPolicy.of(caller.realm())));
            body.put("mayChangeFactors", SecondFactorProof.mayChange(session, caller.realm(), user, caller.userSession()));
            return Response.ok(Json.write(body), JSON);
        });
    }

    /** Starts an authenticator-app enrollment: the otpauth URI, the secret (this once) and its QR code. */
    @POST
    @Path("totp")
    public Response startTotp() {
        return respond(caller -> {
            mayChange(caller);
            FactorKinds.refusal(session, caller.realm(), caller.user(), TwofoldPolicy.METHOD_APP).ifPresent(reason -> {
                throw kindRefused(caller, TwofoldPolicy.METHOD_APP, reason);
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
            return created(body);
        });
    }

    /** Confirms an enrollment with a code from the app; stores the credential once. */
    @POST
    @Path("totp/confirm")
    public Response confirmTotp(String rawBody) {
        return respond(caller -> {
            mayChange(caller);
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
                event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
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
            event(caller, EventType.UPDATE_CREDENTIAL).detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.APP_ADDED.key()).detail(TwofoldEvents.METHOD, TwofoldPolicy.METHOD_APP).success();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("kind", TwofoldPolicy.METHOD_APP);
            return created(out);
        });
    }

    /** Sends a code to a phone to enroll (or replace the user's phone), through the same limits as the pages. */
    @POST
    @Path("phone")
    public Response startPhone(String rawBody) {
        return respond(caller -> {
            mayChange(caller);
            String typed = Json.text(Json.read(rawBody), "phone", 32);
            FactorKinds.refusal(session, caller.realm(), caller.user(), TwofoldPolicy.METHOD_SMS).ifPresent(reason -> {
                throw kindRefused(caller, TwofoldPolicy.METHOD_SMS, reason);
            });
            TwofoldPolicy policy = TwofoldPolicy.of(caller.realm());
            PhoneNumbers.Result parsed = PhoneNumbers.parse(typed, policy);
            if (!parsed.ok()) {
                TwofoldEvents.action(event(caller, EventType.CUSTOM_REQUIRED_ACTION_ERROR), TwofoldEvent.PHONE_REJECTED, TwofoldEvents.METHOD_SMS)
                        .detail(TwofoldEvents.REASON, parsed.problem().reason()).error("twofold_phone_rejected");
                throw new Problem(Response.Status.BAD_REQUEST, "phone-rejected", "This number cannot be used",
                        "The number is not a valid number of an allowed country and type (" + parsed.problem().reason() + ").")
                        .with("reason", parsed.problem().reason());
            }
            String e164 = parsed.number().e164();
            SmsCodeSender.Outcome sent = new SmsCodeSender(session, caller.realm(), policy)
                    .send(caller.user(), e164, e164, phoneCodes(caller), event(caller, EventType.CUSTOM_REQUIRED_ACTION), TwofoldEvent.PHONE_VERIFICATION_SENT);
            switch (sent.status()) {
                case SENT -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("phone", PhoneMask.mask(e164));
                    out.put("expiresIn", policy.smsCodeLifetimeSeconds());
                    out.put("resendAfter", sent.code().secondsUntilResend(org.keycloak.common.util.Time.currentTime()));
                    return Response.accepted().type(JSON).entity(Json.write(out));
                }
                case LIMITED -> throw Problem.limited("sms-limit", "No text message can be sent now", "A sending limit holds: try again later.",
                        sent.limit());
                default -> throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "sms-not-sent", "The text message could not be sent",
                        "The SMS gateway failed: try again later.");
            }
        });
    }

    /** Confirms the phone with the code sent to it; stores it (replacing a previous phone). */
    @POST
    @Path("phone/confirm")
    public Response confirmPhone(String rawBody) {
        return respond(caller -> {
            mayChange(caller);
            String typed = Json.text(Json.read(rawBody), "code", 16);
            PhoneEnrollment.Outcome outcome = new PhoneEnrollment(session, caller.realm(), TwofoldPolicy.of(caller.realm()))
                    .confirm(caller.user(), phoneCodes(caller), typed, event(caller, EventType.CUSTOM_REQUIRED_ACTION),
                            session.getContext().getConnection(), session.getContext().getUri());
            return switch (outcome.status()) {
                case STORED -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("kind", TwofoldPolicy.METHOD_SMS);
                    out.put("phone", PhoneMask.mask(outcome.code().target()));
                    yield created(out);
                }
                case NO_CODE -> throw new Problem(Response.Status.NOT_FOUND, "no-pending-code", "No code was sent",
                        "Send a code to the phone first (POST phone).");
                case REFUSED -> throw Problem.limited("too-many-attempts", "Too many wrong codes", "Wait before trying again.", outcome.refusal());
                case WRONG -> throw outcome.locked()
                        ? new Problem(Response.Status.TOO_MANY_REQUESTS, "too-many-attempts", "Too many wrong codes",
                                "Two-step sign-in is locked for a while after too many wrong codes.").with("reason", "account_lock")
                        : new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right",
                                outcome.check() == CodeCheck.EXPIRED ? "The code expired: send a new one." : "Enter the code from the text message.");
            };
        });
    }

    /** 201 with the created thing as JSON. */
    private static Response.ResponseBuilder created(Map<String, Object> body) {
        return Response.status(Response.Status.CREATED).type(JSON).entity(Json.write(body));
    }

    private PendingCodes phoneCodes(AppCaller caller) {
        return PendingCodes.forAppApi(session, caller.realm(), caller.userSession().getId(), caller.user());
    }

    /** A new set of backup codes (the old set stops working), shown in this response only. */
    @POST
    @Path("backup-codes")
    public Response newBackupCodes() {
        return respond(caller -> {
            mayChange(caller);
            BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(TwofoldPolicy.of(caller.realm()).backupCodeCount());
            new BackupCodes(session, caller.realm()).activate(caller.user(), set);
            TwofoldEvents.credentialChanged(event(caller, EventType.UPDATE_CREDENTIAL), BackupCodesCredentialModel.TYPE, TwofoldEvent.BACKUP_CODES_CREATED,
                    TwofoldEvents.METHOD_BACKUP_CODE).detail(TwofoldEvents.REMAINING, Integer.toString(set.codes().size())).success();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("codes", set.codes().stream().map(BackupCodeFormat::display).toList());
            return created(out);
        });
    }

    /** Removes one of the user's second factors (never the last one the policy requires). */
    @DELETE
    @Path("factors/{id}")
    public Response remove(@PathParam("id") String id) {
        return respond(caller -> {
            if (id == null || !CREDENTIAL_ID.matcher(id).matches()) {
                throw Problem.badRequest("Not a factor id.");
            }
            CredentialModel credential = caller.user().credentialManager().getStoredCredentialById(id);
            if (credential == null || !SecondFactors.isSecondFactor(credential.getType())) {
                throw new Problem(Response.Status.NOT_FOUND, "factor-not-found", "No such factor", "The user has no second factor with this id.");
            }
            mayChange(caller);
            if (!SecondFactors.mayRemove(session, caller.realm(), caller.user(), caller.client(), id, credential.getType())) {
                event(caller, EventType.REMOVE_CREDENTIAL_ERROR).detail(Details.CREDENTIAL_TYPE, credential.getType())
                        .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVAL_REFUSED.key()).detail(TwofoldEvents.REASON, "last_second_factor")
                        .error("twofold_last_second_factor");
                throw new Problem(Response.Status.CONFLICT, "last-second-factor", "This is the last second factor",
                        "The realm requires a second factor: add another one before removing this one.");
            }
            caller.user().credentialManager().removeStoredCredentialById(id);
            event(caller, EventType.REMOVE_CREDENTIAL).detail(Details.CREDENTIAL_TYPE, credential.getType())
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVED.key()).success();
            return Response.noContent();
        });
    }

    /** Runs an endpoint for an authenticated caller; problems become problem JSON; CORS either way. */
    private Response respond(Endpoint endpoint) {
        Cors cors = Cors.builder().auth().allowedMethods("GET", "POST", "DELETE").exposedHeaders("Retry-After", HttpHeaders.WWW_AUTHENTICATE);
        Response.ResponseBuilder response;
        try {
            AppCaller caller = AppCaller.authenticate(session);
            CorsOrigins.allowFor(cors, caller.token());
            response = endpoint.call(caller).header("Cache-Control", "no-store");
        } catch (Problem problem) {
            response = problem.toResponse();
        }
        return cors.add(response);
    }

    @FunctionalInterface
    private interface Endpoint {
        Response.ResponseBuilder call(AppCaller caller);
    }

    /** A change needs a second factor verified within the freshness window in the token's session. */
    private void mayChange(AppCaller caller) {
        if (SecondFactorProof.mayChange(session, caller.realm(), caller.user(), caller.userSession())) {
            return;
        }
        event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_CHANGE_REFUSED.key())
                .detail(TwofoldEvents.REASON, "no_fresh_second_factor").detail("twofold_entry_point", "app_api")
                .error("twofold_fresh_second_factor_required");
        OptionalInt level = SecondFactorLevel.forClient(session, caller.realm(), caller.client());
        String acr = level.isPresent() ? SecondFactorLevel.acrValue(caller.client(), level.getAsInt()) : null;
        Problem problem = new Problem(Response.Status.FORBIDDEN, "fresh-second-factor-required", "Sign in again with a second factor",
                "Changing second factors needs a second factor verified in the last " + SecondFactorProof.freshSeconds(caller.realm()) / 60
                        + " minutes in this session: send the user through an authorization request with max_age=0"
                        + (acr == null ? "" : " and acr_values=" + acr) + ", then call again with the new token.")
                .with("max_age", 0);
        if (acr != null) {
            problem.with("acr_values", acr);
        }
        throw problem.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\""
                + (acr == null ? "" : ", acr_values=\"" + acr + "\"") + ", max_age=0");
    }

    private Problem kindRefused(AppCaller caller, String method, String reason) {
        event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_KIND_REFUSED.key())
                .detail(TwofoldEvents.METHOD, method).detail(TwofoldEvents.REASON, reason).error("twofold_factor_kind_refused");
        return new Problem(Response.Status.FORBIDDEN, "factor-kind-refused", "Not allowed for this account",
                FactorKinds.PHISHING_RESISTANT_ONLY.equals(reason)
                        ? "The realm requires a passkey or security key for this account."
                        : "This kind of second factor can no longer be set up.").with("reason", reason);
    }

    private EventBuilder event(AppCaller caller, EventType type) {
        return new EventBuilder(caller.realm(), session, session.getContext().getConnection()).event(type)
                .user(caller.user()).session(caller.userSession()).client(caller.client())
                .detail("twofold_entry_point", "app_api");
    }

    private static String kind(String type) {
        return switch (type) {
            case OTPCredentialModel.TYPE -> TwofoldPolicy.METHOD_APP;
            case SmsCredentialModel.TYPE -> TwofoldPolicy.METHOD_SMS;
            case WebAuthnCredentialModel.TYPE_PASSWORDLESS -> TwofoldPolicy.METHOD_PASSKEY;
            case WebAuthnCredentialModel.TYPE_TWOFACTOR -> "security-key";
            case BackupCodesCredentialModel.TYPE -> "backup-codes";
            case RecoveryAuthnCodesCredentialModel.TYPE -> "recovery-codes";
            default -> "other";
        };
    }
}

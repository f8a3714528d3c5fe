package io.github.twofold.authenticator.grant;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.CodeInput;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.sms.SmsCodeCheck;
import io.github.twofold.sms.SmsCodeSender;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.UserCredentialModel;

/**
 * {@code twofold-direct-grant-second-factor}: the password grant with a second factor in the
 * request, for applications that cannot use a browser. After the password, the request must carry
 * one of:
 * <ul>
 * <li>{@code otp}: a code of the user's authenticator app (Keycloak's TOTP);</li>
 * <li>{@code backup_code}: one of the user's backup codes;</li>
 * <li>{@code sms_code}: the code of a text message. A request without any code sends one to the
 * user's phone (cooldown and budgets as on the login page) and answers with an error that says
 * so; the next request carries it.</li>
 * </ul>
 * Every attempt goes through Twofold's limits before the code is looked at and wrong codes count
 * in Keycloak's brute-force detection (reference category {@code otp}). Refusals are OAuth errors
 * ({@code invalid_grant}) with Twofold's details; a success lifts the level of authentication to
 * the second-factor level of the realm's browser flow and names the method for the
 * {@code twofold-amr-mapper}.
 */
public class DirectGrantSecondFactorAuthenticator implements Authenticator {

    public static final String PARAM_OTP = "otp";
    public static final String PARAM_BACKUP_CODE = "backup_code";
    public static final String PARAM_SMS_CODE = "sms_code";
    /** User-session note: the method this step verified, for {@code amr}. */
    public static final String METHOD_NOTE = "twofold.direct-grant.method";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        Optional<FactorKind> answered = answered(context, form);
        if (answered.map(FactorKinds::refusedFromPasskeyUsers).orElse(true)
                && FactorKinds.refusesTypedCodes(context.getSession(), context.getRealm(), user, policy)) {
            // a passkey cannot answer a password grant; the policy refuses this user's typed codes
            // (decided on the factor the request would be checked with, whatever else it carries)
            context.getEvent().detail(TwofoldEvents.REASON, FactorKinds.PHISHING_RESISTANT_ONLY);
            context.getEvent().error("twofold_factor_kind_refused");
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, error(Response.Status.BAD_REQUEST,
                    "This account signs in with a passkey or security key: use the browser sign-in", Map.of()));
            return;
        }
        if (form.containsKey(PARAM_OTP) && hasOtp(user)) {
            verify(context, policy, Optional.empty(), FactorKind.APP, "otp", () -> otp(context.getRealm(), user, form.getFirst(PARAM_OTP)));
        } else if (form.containsKey(PARAM_BACKUP_CODE) && TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().remaining(user) > 0) {
            verify(context, policy, Optional.empty(), FactorKind.BACKUP_CODES, "backup", () -> backupCode(context, form.getFirst(PARAM_BACKUP_CODE)));
        } else if (form.containsKey(PARAM_SMS_CODE) && phone(user).isPresent()) {
            PendingCodes pending = pending(context);
            PendingCode code = pending.get();
            SmsCredentialModel phone = phone(user).get();
            verify(context, policy, VerificationGuard.CodeCap.ofSmsCode(code, policy), FactorKind.SMS, "sms",
                    () -> SmsCodeCheck.check(context.getSession(), pending, code, phone.getId(), phone.phoneNumber(),
                            form.getFirst(PARAM_SMS_CODE), policy.smsCodeLength()));
        } else if (phone(user).isPresent()) {
            sendSms(context, policy, phone(user).get());
        } else {
            context.getEvent().detail(TwofoldEvents.REASON, "no_second_factor_in_request");
            context.getEvent().error("twofold_second_factor_required");
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, error(Response.Status.BAD_REQUEST,
                    "A second factor is required: repeat the request with " + String.join(" or ", methods(context)), Map.of()));
        }
    }

    /** Through the shared verification pipeline (counted before the code is looked at); on success finishes the step. */
    private void verify(AuthenticationFlowContext context, TwofoldPolicy policy, Optional<VerificationGuard.CodeCap> cap, FactorKind kind,
                        String method, Supplier<CodeCheck> check) {
        // Keycloak's password grant names no user on its flow event: without it a wrong code is not in the user's events
        context.getEvent().user(context.getUser()).detail(TwofoldEvents.METHOD, method);
        VerificationGuard.Verification<CodeCheck> verification = TwofoldRequest.of(context.getSession(), context.getRealm()).guard()
                .verify(context.getUser().getId(), ClientAddress.limitKey(context.getSession(), policy), cap, check, c -> c == CodeCheck.OK,
                        c -> c == CodeCheck.UNAVAILABLE, true);
        if (verification.refused()) {
            LimitDecision refused = verification.refusal();
            TwofoldEvents.limit(context.getEvent(), refused).detail(TwofoldEvents.REASON, "limit").error("twofold_limit");
            // nothing was looked at: like the sign-in pages, Keycloak's brute-force detector is not told (a challenge, not a failure)
            context.challenge(!refused.kind().timed() // the code had its tries: waiting would not help
                    ? error(Response.Status.BAD_REQUEST, "This code can no longer be used: repeat the request without sms_code for a new one", Map.of())
                    : error(Response.Status.BAD_REQUEST, "Too many attempts: try again in " + refused.retryAfterSeconds() + " seconds",
                            Map.of("twofold_retry_after", refused.retryAfterSeconds())));
            return;
        }
        if (verification.result() == CodeCheck.UNAVAILABLE) {
            // not the person's failure: not counted, and Keycloak's brute-force detector is not told
            context.getEvent().detail(TwofoldEvents.REASON, CodeCheck.UNAVAILABLE.reason()).error(CodeFormAuthenticator.CHECK_UNAVAILABLE);
            context.challenge(error(Response.Status.SERVICE_UNAVAILABLE, "The code could not be checked just now: repeat the request in a moment",
                    Map.of()));
            return;
        }
        if (!verification.accepted()) {
            context.getEvent().detail(TwofoldEvents.REASON, verification.result().reason()).error(Errors.INVALID_USER_CREDENTIALS);
            if (verification.locked()) {
                TwofoldEvents.locked(context.getEvent(), context.getUser(), method, verification.lockedForSeconds());
            }
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, error(Response.Status.UNAUTHORIZED, "Invalid second factor", Map.of()));
            return;
        }
        if (kind == FactorKind.BACKUP_CODES) {
            // as at the sign-in page: an event of its own, with the codes left (and the user's e-mail)
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.BACKUP_CODE_USED, TwofoldEvents.METHOD_BACKUP_CODE).success();
        }
        context.getAuthenticationSession().setUserSessionNote(METHOD_NOTE, method);
        SignInFactors.recordVerified(context.getAuthenticationSession(), kind);
        OptionalInt level = SecondFactorLevel.forClient(context.getSession(), context.getRealm(), context.getAuthenticationSession().getClient());
        if (level.isPresent()) {
            new AcrStore(context.getSession(), context.getAuthenticationSession()).setLevelAuthenticated(level.getAsInt());
        }
        context.success();
    }

    /**
     * The kind of factor this request would be checked with, in the order the step checks them:
     * empty when it carries no code the user can answer with (an SMS is then sent, or refused).
     */
    private Optional<FactorKind> answered(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        UserModel user = context.getUser();
        if (form.containsKey(PARAM_OTP) && hasOtp(user)) {
            return Optional.of(FactorKind.APP);
        }
        if (form.containsKey(PARAM_BACKUP_CODE) && TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().remaining(user) > 0) {
            return Optional.of(FactorKind.BACKUP_CODES);
        }
        return phone(user).isPresent() ? Optional.of(FactorKind.SMS) : Optional.empty();
    }

    private static CodeCheck otp(RealmModel realm, UserModel user, String typed) {
        String digits = CodeInput.digits(typed, realm.getOTPPolicy().getDigits());
        if (digits == null) {
            return CodeCheck.notACode(typed);
        }
        CredentialModel otp = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE).findFirst().orElseThrow();
        return user.credentialManager().isValid(new UserCredentialModel(otp.getId(), OTPCredentialModel.TYPE, digits)) ? CodeCheck.OK : CodeCheck.WRONG;
    }

    private static CodeCheck backupCode(AuthenticationFlowContext context, String typed) {
        BackupCodes.Verification v = TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().verify(context.getUser(), typed);
        return switch (v.check()) {
            case OK -> {
                context.getEvent().detail(TwofoldEvents.REMAINING, Integer.toString(v.remaining()));
                yield CodeCheck.OK;
            }
            case ALREADY_USED -> CodeCheck.ALREADY_USED;
            case NOT_A_CODE -> CodeCheck.notACode(typed);
            case WRONG -> CodeCheck.WRONG;
        };
    }

    private void sendSms(AuthenticationFlowContext context, TwofoldPolicy policy, SmsCredentialModel phone) {
        // nothing is sent while the account's second step is locked (read in the send's own transaction)
        SmsCodeSender.Outcome outcome = TwofoldRequest.of(context.getSession(), context.getRealm()).smsSender().heldByAccountLock()
                .send(context.getUser(), phone.phoneNumber(), phone.getId(), pending(context), context.getEvent(), TwofoldEvent.SMS_SENT);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("twofold_methods", methods(context));
        String description;
        switch (outcome.status()) {
            case SENT -> {
                details.put("twofold_sms_sent_to", phone.maskedPhoneNumber());
                description = "A code was sent by text message to " + phone.maskedPhoneNumber() + ": repeat the request with sms_code";
            }
            case LIMITED -> {
                details.put("twofold_retry_after", outcome.limit().retryAfterSeconds());
                description = outcome.limit().kind() == LimitKind.GATEWAY_REFUSED
                        ? "No text message can be sent to this number: use another method"
                        : outcome.limit().kind() == LimitKind.ACCOUNT_LOCK
                        ? "Too many attempts: try again in " + outcome.limit().retryAfterSeconds() + " seconds"
                        : outcome.code() != null && !outcome.code().expired(Time.currentTime())
                        ? "A code was already sent by text message: repeat the request with sms_code, or wait "
                                + outcome.limit().retryAfterSeconds() + " seconds for another"
                        : "No text message can be sent now: try again in " + outcome.limit().retryAfterSeconds() + " seconds, or use another method";
            }
            default -> description = "The text message could not be sent: use another method or try again later";
        }
        context.challenge(error(Response.Status.BAD_REQUEST, description, details));
    }

    private static Response error(Response.Status status, String description, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", OAuthErrorException.INVALID_GRANT);
        body.put("error_description", description);
        body.putAll(details);
        return Response.status(status).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The request parameters this user can answer with. */
    private static List<String> methods(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        List<String> methods = new ArrayList<>();
        if (hasOtp(user)) {
            methods.add(PARAM_OTP);
        }
        if (phone(user).isPresent()) {
            methods.add(PARAM_SMS_CODE);
        }
        if (TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().remaining(user) > 0) {
            methods.add(PARAM_BACKUP_CODE);
        }
        return methods;
    }

    private static boolean hasOtp(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }

    private static Optional<SmsCredentialModel> phone(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).findFirst().map(SmsCredentialModel::from);
    }

    private static PendingCodes pending(AuthenticationFlowContext context) {
        return PendingCodes.forPasswordGrant(context.getSession(), context.getRealm(), context.getAuthenticationSession().getClient(), context.getUser());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Runs for users with a second factor; "Condition - user configured" skips it for the others. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return SecondFactors.hasAny(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}

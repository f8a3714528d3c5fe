package io.github.twofold.authenticator.email;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.email.EmailCodes;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-email-code}: the fallback under "Try another way". Sends a code to the user's
 * verified address when the step is first shown (a reload, the back button or a second tab show
 * the same pending code, never a new e-mail), offers a resend after the cooldown, and checks typed
 * codes through {@link CodeFormAuthenticator}, as the SMS step does. Where the policy does not
 * offer it to this user, nothing is sent and the page says so. Never offers to trust the browser.
 */
public class EmailCodeAuthenticator extends CodeFormAuthenticator {

    public static final String TEMPLATE = "twofold-email-code.ftl";
    public static final String FIELD_RESEND = "resend";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_EMAIL_CODE;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    protected boolean offersTrust() {
        return false;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (!EmailCodes.offered(context.getSession(), context.getRealm(), context.getUser(), policy)) {
            notOffered(context, policy);
            return;
        }
        PendingCodes pending = pending(context);
        PendingCode code = pending.get();
        if (code == null || !code.target().equals(EmailCodeSender.target(context.getUser().getEmail()))) {
            sendAndShow(context, policy, pending);
            return;
        }
        showPending(context, policy, code);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        UserModel user = context.getUser();
        if (!EmailCodes.offered(context.getSession(), context.getRealm(), user, policy)) {
            notOffered(context, policy);
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PendingCodes pending = pending(context);
        if (form.containsKey(FIELD_RESEND)) {
            sendAndShow(context, policy, pending);
            return;
        }
        PendingCode code = pending.get();
        String typed = form.getFirst(FIELD_CODE);
        String target = EmailCodeSender.target(user.getEmail());
        boolean ok = attempt(context, policy, VerificationGuard.CodeCap.ofSmsCode(code, policy), true, () -> {
            CodeCheck check = pending.check(code, target, typed, policy.smsCodeLength());
            return switch (check) {
                case OK -> Verdict.accepted();
                case NO_CODE -> Verdict.rejected("twofoldEmailNoCode", check.reason());
                case EXPIRED -> Verdict.rejected("twofoldSmsCodeExpired", check.reason());
                case EMPTY, MALFORMED, WRONG, ALREADY_USED, UNAVAILABLE -> Verdict.rejected("twofoldInvalidCode", check.reason());
            };
        });
        if (ok) {
            SignInFactors.recordVerified(context.getAuthenticationSession(), FactorKind.EMAIL_CODE);
            context.success();
        }
    }

    /** The policy no longer offers the e-mailed code to this user (it changed during the sign-in): say so, send nothing. */
    private void notOffered(AuthenticationFlowContext context, TwofoldPolicy policy) {
        context.getEvent().user(context.getUser()).detail(TwofoldEvents.METHOD, method()).detail(TwofoldEvents.REASON, "not_offered");
        context.form().setError("twofoldEmailCodeNotOffered").setAttribute("twofoldNotOffered", true);
        context.challenge(page(context, policy));
    }

    private void sendAndShow(AuthenticationFlowContext context, TwofoldPolicy policy, PendingCodes pending) {
        if (!enabledUser(context, context.getUser())) {
            return; // Keycloak's own brute-force lock; the challenge is set
        }
        EmailCodeSender.Outcome outcome = new EmailCodeSender(context.getSession(), context.getRealm(), policy)
                .send(context.getUser(), pending, context.getEvent());
        switch (outcome.status()) {
            case SENT -> context.form().setInfo("twofoldEmailCodeSent", EmailCodeSender.masked(context.getUser().getEmail()));
            case LIMITED -> {
                if (!refusedSend(context, policy, outcome.limit())) {
                    return;
                }
            }
            case FAILED -> context.form().setError("twofoldEmailCodeFailed");
        }
        context.challenge(page(context, policy));
    }

    @Override
    protected Response page(AuthenticationFlowContext context, TwofoldPolicy policy) {
        PendingCode code = pending(context).get();
        long now = Time.currentTime();
        String email = context.getUser().getEmail();
        return render(context.form()
                .setAttribute("twofoldEmail", email == null ? "" : EmailCodeSender.masked(email))
                .setAttribute("twofoldCodeLength", policy.smsCodeLength())
                .setAttribute("twofoldCodeSent", code != null)
                .setAttribute("twofoldResendIn", code == null ? 0 : code.secondsUntilResend(now)));
    }

    @Override
    protected void onLock(AuthenticationFlowContext context) {
        pending(context).discard();
    }

    private static PendingCodes pending(AuthenticationFlowContext context) {
        return PendingCodes.of(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                context.getUser(), PendingCodes.Purpose.EMAIL_LOGIN);
    }

    /**
     * Configured for the users the policy offers it to, and only them: Keycloak's "Condition - user
     * configured" asks every step of the second-factor sub-flow, so a step configured for everyone
     * would send users without a second factor into that sub-flow.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return EmailCodes.offered(session, realm, user, TwofoldRequest.of(session, realm).policyFor(user));
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }
}

package io.github.twofold.authenticator.email;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A step that sends a code to the user's verified e-mail address and checks it: the e-mail code
 * fallback and the self-service recovery. The code is sent when the step is first shown (a reload,
 * the back button or a second tab show the same pending code, never a new e-mail), a resend is
 * offered after the cooldown, and typed codes are checked through {@link CodeFormAuthenticator}, as
 * the SMS step does. Where the step is not offered to this user, nothing is sent and the page says
 * so. Never offers to trust the browser.
 */
public abstract class EmailedCodeAuthenticator extends CodeFormAuthenticator {

    public static final String FIELD_RESEND = "resend";

    /** Whether this user may use the step (the one rule its condition applies too). */
    protected abstract boolean offeredTo(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy);

    /** Which e-mail the code goes out in. */
    protected abstract EmailCodeSender.Message message();

    /** Where the pending code is kept in the authentication session. */
    protected abstract PendingCodes.Purpose purpose();

    /** The message when the step is not offered (any more) to this user. */
    protected abstract String notOfferedMessage();

    /** The right code was typed: finish the step. */
    protected abstract void accepted(AuthenticationFlowContext context, TwofoldPolicy policy);

    /** What the code is bound to: the address's hash; a step may bind it to more. */
    protected String codeTarget(AuthenticationFlowContext context) {
        return EmailCodeSender.target(context.getUser().getEmail());
    }

    /** The message for a code sent for another target than the current one. */
    protected String staleCodeMessage() {
        return "twofoldEmailNoCode";
    }

    /** A step may answer a visit without a code (another page); true when it did. */
    protected boolean answeredWithoutCode(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return false;
    }

    /** The step's own attributes on its page. */
    protected LoginFormsProvider withStepAttributes(AuthenticationFlowContext context, LoginFormsProvider form) {
        return form;
    }

    @Override
    protected boolean offersTrust() {
        return false;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (!offeredTo(context.getSession(), context.getRealm(), context.getUser(), policy)) {
            notOffered(context, policy);
            return;
        }
        if (answeredWithoutCode(context, policy)) {
            return;
        }
        PendingCodes pending = pending(context);
        PendingCode code = pending.get();
        String target = codeTarget(context);
        if (code == null || !code.target().equals(target)) {
            sendAndShow(context, policy, pending, target);
            return;
        }
        showPending(context, policy, code);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        UserModel user = context.getUser();
        if (!offeredTo(context.getSession(), context.getRealm(), user, policy)) {
            notOffered(context, policy);
            return;
        }
        if (answeredWithoutCode(context, policy)) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PendingCodes pending = pending(context);
        String target = codeTarget(context);
        if (form.containsKey(FIELD_RESEND)) {
            sendAndShow(context, policy, pending, target);
            return;
        }
        PendingCode code = pending.get();
        String typed = form.getFirst(FIELD_CODE);
        boolean ok = attempt(context, policy, VerificationGuard.CodeCap.ofSmsCode(code, policy), true, () -> {
            CodeCheck check = pending.check(code, target, typed, policy.smsCodeLength());
            return switch (check) {
                case OK -> Verdict.accepted();
                case NO_CODE -> Verdict.rejected(code == null ? "twofoldEmailNoCode" : staleCodeMessage(), check.reason());
                case EXPIRED -> Verdict.rejected("twofoldSmsCodeExpired", check.reason());
                case EMPTY, MALFORMED, WRONG, ALREADY_USED, UNAVAILABLE -> Verdict.rejected("twofoldInvalidCode", check.reason());
            };
        });
        if (ok) {
            accepted(context, policy);
        }
    }

    /** The step is not offered to this user (the policy or the user changed during the sign-in): say so, send nothing. */
    private void notOffered(AuthenticationFlowContext context, TwofoldPolicy policy) {
        context.getEvent().user(context.getUser()).detail(TwofoldEvents.METHOD, method()).detail(TwofoldEvents.REASON, "not_offered");
        context.form().setError(notOfferedMessage()).setAttribute("twofoldNotOffered", true);
        context.challenge(page(context, policy));
    }

    private void sendAndShow(AuthenticationFlowContext context, TwofoldPolicy policy, PendingCodes pending, String target) {
        if (!enabledUser(context, context.getUser())) {
            return; // Keycloak's own brute-force lock; the challenge is set
        }
        EmailCodeSender.Outcome outcome = new EmailCodeSender(context.getSession(), context.getRealm(), policy, message())
                .send(context.getUser(), target, pending, context.getEvent());
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
        return render(withStepAttributes(context, context.form()
                .setAttribute("twofoldEmail", email == null ? "" : EmailCodeSender.masked(email))
                .setAttribute("twofoldCodeLength", policy.smsCodeLength())
                .setAttribute("twofoldCodeSent", code != null)
                .setAttribute("twofoldResendIn", code == null ? 0 : code.secondsUntilResend(now))));
    }

    @Override
    protected void onLock(AuthenticationFlowContext context) {
        pending(context).discard();
    }

    protected PendingCodes pending(AuthenticationFlowContext context) {
        return PendingCodes.of(context.getSession(), context.getRealm(), context.getAuthenticationSession(), context.getUser(), purpose());
    }

    /**
     * Configured for the users the step is offered to, and only them: Keycloak's "Condition - user
     * configured" asks every step of the second-factor sub-flow, so a step configured for everyone
     * would send users without a second factor into that sub-flow.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return offeredTo(session, realm, user, TwofoldRequest.of(session, realm).policyFor(user));
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }
}

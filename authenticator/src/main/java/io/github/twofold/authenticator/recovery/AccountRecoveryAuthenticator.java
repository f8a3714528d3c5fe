package io.github.twofold.authenticator.recovery;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.email.EmailedCodeAuthenticator;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.recovery.AccountRecovery;
import io.github.twofold.recovery.RecoveryNotice;
import io.github.twofold.recovery.RecoveryRecord;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

/**
 * {@code twofold-recovery}: "I lost my phone or app" under "Try another way". The first right code
 * from the user's e-mail starts the waiting period and shows when it ends (the sign-in goes no
 * further); while it runs the step shows that, sends nothing and checks nothing; once it has ended,
 * a new e-mailed code completes the recovery, once, and the user must set up a new factor before
 * the sign-in completes (the old ones are then retired). Never a second factor: the token's
 * {@code amr} says {@code recovery}, never {@code mfa}. See {@link AccountRecovery}.
 */
public class AccountRecoveryAuthenticator extends EmailedCodeAuthenticator {

    public static final String TEMPLATE = "twofold-recovery.ftl";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_RECOVERY;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    protected boolean offeredTo(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return AccountRecovery.offered(session, realm, user, policy);
    }

    @Override
    protected EmailCodeSender.Message message() {
        return EmailCodeSender.Message.RECOVERY;
    }

    @Override
    protected PendingCodes.Purpose purpose() {
        return PendingCodes.Purpose.RECOVERY;
    }

    @Override
    protected String notOfferedMessage() {
        return "twofoldRecoveryNotOffered";
    }

    /**
     * A code is bound to the phase it was sent for as well as the address: one sent to start a
     * recovery never completes one, and one sent to complete a recovery that a second tab used or
     * an admin cancelled meanwhile never starts a new one.
     */
    @Override
    protected String codeTarget(AuthenticationFlowContext context) {
        AccountRecovery.State state = recovery(context).state(context.getUser());
        return super.codeTarget(context) + ":" + (state.record() == null ? "start" : state.record().getId());
    }

    @Override
    protected String staleCodeMessage() {
        return "twofoldRecoveryEnded";
    }

    /** While the waiting period runs: when it ends, and nothing else (no e-mail, no code field). */
    @Override
    protected boolean answeredWithoutCode(AuthenticationFlowContext context, TwofoldPolicy policy) {
        AccountRecovery.State state = recovery(context).state(context.getUser());
        if (state.phase() != AccountRecovery.Phase.WAITING) {
            return false;
        }
        waiting(context, state.record(), false);
        return true;
    }

    @Override
    protected LoginFormsProvider withStepAttributes(AuthenticationFlowContext context, LoginFormsProvider form) {
        AccountRecovery.State state = recovery(context).state(context.getUser());
        return form.setAttribute("twofoldRecoveryReady", state.phase() == AccountRecovery.Phase.READY)
                .setAttribute("twofoldRecoveryWaitHours", TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()).recoveryWaitHours());
    }

    @Override
    protected void accepted(AuthenticationFlowContext context, TwofoldPolicy policy) {
        UserModel user = context.getUser();
        AccountRecovery recovery = recovery(context);
        AccountRecovery.State state = recovery.state(user);
        pending(context).discard();
        if (state.phase() == AccountRecovery.Phase.NONE) {
            String baseUri = context.getSession().getContext().getUri(UrlType.FRONTEND).getBaseUri().toString();
            RecoveryRecord started = recovery.start(user, policy, baseUri);
            AccountRecovery.event(context.getEvent(), user, TwofoldEvent.RECOVERY_STARTED)
                    .detail(TwofoldEvents.READY_AT, Long.toString(started.data().readyAt)).success();
            RecoveryNotice.send(context.getSession(), context.getRealm(), user, RecoveryNotice.Kind.STARTED, started);
            waiting(context, started, true);
            return;
        }
        if (state.phase() == AccountRecovery.Phase.WAITING || !recovery.complete(user, state.record(), context.getAuthenticationSession())) {
            // a second tab or node used or cancelled it meanwhile
            context.form().setError("twofoldRecoveryEnded");
            context.challenge(page(context, policy));
            return;
        }
        AccountRecovery.event(context.getEvent(), user, TwofoldEvent.RECOVERY_COMPLETED).success();
        context.getEvent().detail(TwofoldEvents.EVENT, TwofoldEvent.RECOVERY_COMPLETED.key());
        EnrollAction.require(context.getAuthenticationSession(), context.getAuthenticatorConfig()); // a disabled action is the admin's choice
        context.success();
    }

    private void waiting(AuthenticationFlowContext context, RecoveryRecord record, boolean justStarted) {
        context.challenge(render(context.form()
                .setAttribute("twofoldRecoveryWaiting", true)
                .setAttribute("twofoldRecoveryJustStarted", justStarted)
                .setAttribute("twofoldRecoveryReadyAt", RecoveryNotice.readyAt(record))
                .setAttribute("twofoldEmail", EmailCodeSender.masked(context.getUser().getEmail()))));
    }

    private static AccountRecovery recovery(AuthenticationFlowContext context) {
        return new AccountRecovery(context.getSession(), context.getRealm());
    }
}

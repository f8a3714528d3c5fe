package io.github.twofold.signin;

import io.github.twofold.integrity.SignInChecks;
import io.github.twofold.integrity.SignInKind;
import io.github.twofold.policy.TwofoldRealms;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What Twofold checks when any authentication completes in a realm that uses it, whatever the
 * flow looks like and whatever the application asked for. Keycloak evaluates the triggers of
 * every enabled required action at that moment, for browser sign-ins, SSO re-use and the password
 * grant alike, before a session or token exists; Twofold's required actions (its own and its
 * versions of Keycloak's set-up actions) run this from there, once per request:
 * <ol>
 * <li>the password grant issues nothing unless it verified a second factor of a kind the policy
 * accepts from this user ({@link PasswordGrantCheck}); which kind of sign-in this is comes from the
 * steps that ran ({@link SignInKind}), never from the request;</li>
 * <li>the level of authentication never reaches the second-factor level without one ({@link LevelCap});</li>
 * <li>a user the policy requires to have a second factor sets one up once grace is over ({@link OverdueSetUp});</li>
 * <li>after an emergency sign-in set up a new factor, the factor reported lost stops working ({@link EmergencyRetirement});</li>
 * <li>a sign-in through an identity provider that verified no second factor gets no session for a user the policy requires to have one ({@link BrokeredSignInRefusal});</li>
 * <li>a sign-in that verified one of the user's own factors ends an open self-service recovery ({@link RecoveryCancellation}).</li>
 * </ol>
 * It records that it ran ({@link SignInChecks}); where no enabled action carries it, no token is
 * issued for the sign-in ({@link UncheckedSignInRefusal}).
 */
public final class SignInGuard {

    private static final String EVALUATED = "twofold.sign-in-guard";

    private SignInGuard() {
    }

    public static void evaluate(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (context.getUser() == null || authSession == null || !TwofoldRealms.inUse(context.getRealm())) {
            return;
        }
        String login = authSession.getParentSession().getId() + "." + authSession.getTabId();
        if (login.equals(context.getSession().getAttribute(EVALUATED))) {
            return; // Keycloak asks every enabled action; once per request is enough
        }
        context.getSession().setAttribute(EVALUATED, login);
        RecoveryCancellation.apply(context);
        if (SignInKind.of(context.getRealm(), authSession) == SignInKind.PASSWORD_GRANT) {
            PasswordGrantCheck.check(context);
        } else {
            SignInState state = SignInState.of(context);
            LevelCap.apply(context, state);
            OverdueSetUp.apply(context);
            EmergencyRetirement.apply(context, state);
            BrokeredSignInRefusal.apply(context, state);
            UnfamiliarSignInCheck.apply(context);
        }
        SignInChecks.recordPassed(authSession);
    }
}

package io.github.twofold.signin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.policy.Grace;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Enforcement does not depend on what the application asks: where the browser flow enforces the
 * policy ({@link Enforcement}), a user it requires to have a second factor, who has none and whose
 * grace is over, sets one up in this sign-in, whether or not the sign-in went through the flow's
 * enforcement step (an application asking for level 1 skips it). With {@code prompt=none} Keycloak
 * then answers {@code interaction_required}. A sign-in in which the user just used a grace
 * sign-in to postpone is left alone. A member of a phishing-resistant group who has a second factor
 * but no passkey adds one the same way.
 */
public final class OverdueSetUp {

    private static final Logger LOG = Logger.getLogger(OverdueSetUp.class);

    private OverdueSetUp() {
    }

    public static void apply(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), realm).policyFor(context.getUser());
        // a factor the realm's sign-in cannot ask for does not count: the user sets up one it can
        boolean hasFactor = SignInFactors.holdsUsable(context.getSession(), realm, user, authSession);
        boolean passkeyMissing = hasFactor && FactorKinds.passkeyMissing(context.getSession(), realm, user, policy);
        if (authSession.getAuthNote(Grace.POSTPONED_NOTE) != null || hasFactor && !passkeyMissing
                || authSession.getRequiredActions().stream().anyMatch(EnrollAction.ALL::contains)) {
            return;
        }
        Optional<AuthenticationExecutionModel> step = SignInFactors.enforcement(context.getSession(), realm, user, authSession, policy);
        if (step.isEmpty() || Grace.of(policy, user).open()) {
            return;
        }
        if (passkeyMissing) {
            // a member of a phishing-resistant group adds a passkey or security key
            if (RequiredActions.enabled(realm, WebAuthnPasswordlessRegisterFactory.PROVIDER_ID)) {
                authSession.addRequiredAction(WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
                requiredEvent(context, TwofoldPolicy.METHOD_PASSKEY);
            }
            return;
        }
        String configId = step.get().getAuthenticatorConfig();
        if (!EnrollAction.require(authSession, configId == null ? null : realm.getAuthenticatorConfigById(configId))) {
            LOG.warnf("Realm %s requires a second factor but its set-up action is disabled", realm.getName());
            return; // the flow's enforcement step refuses such a login when it runs
        }
        requiredEvent(context, null);
    }

    private static void requiredEvent(RequiredActionContext context, String method) {
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.SECOND_FACTOR_SETUP_REQUIRED.key())
                .detail(TwofoldEvents.REASON, "grace_over")
                .detail(TwofoldEvents.METHOD, method)
                .success();
    }
}

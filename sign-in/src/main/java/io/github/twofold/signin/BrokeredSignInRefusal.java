package io.github.twofold.signin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Required" means verified, also through an identity provider: a sign-in brokered by one
 * verifies none of the account's second factors unless the provider's post login flow has a
 * Twofold step. A user the policy requires to have a second factor, who holds one, gets no session
 * from such a sign-in; the page says to sign in with the second factor instead. Whether the
 * sign-in was brokered is Keycloak's own note (the provider it set when the broker finished), not
 * anything the request says.
 */
public final class BrokeredSignInRefusal {

    /** Auth-session note: this sign-in is refused; the provider's alias. */
    static final String NOTE = "twofold.brokered.refused";
    /** The page's message (Twofold's message bundles, every language). */
    public static final String MESSAGE = "twofoldBrokeredSignInRefused";

    private BrokeredSignInRefusal() {
    }

    public static void apply(RequiredActionContext context, SignInState state) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String provider = authSession.getUserSessionNotes().get(Details.IDENTITY_PROVIDER);
        if (provider == null || refused(authSession)) {
            return; // not brokered, or refused already (the refusal page's request asks again)
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        if (SecondFactorProof.lastVerified(session, realm, authSession).isPresent() || state.enrollsNewFactor()
                || !SignInFactors.holdsUsable(session, realm, user, authSession)) {
            return; // verified, or a set-up in this sign-in; without a factor the set-up rules apply
        }
        TwofoldPolicy policy = TwofoldRequest.of(session, realm).policyFor(user);
        if (SignInFactors.enforcement(session, realm, user, authSession, policy).isEmpty()) {
            return;
        }
        authSession.setAuthNote(NOTE, provider);
        // the set-up action is the one every realm that uses Twofold keeps enabled; it shows the refusal
        authSession.addRequiredAction(RequiredActions.SET_UP_2FA);
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR).user(user)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.BROKERED_SIGN_IN_REFUSED.key())
                .detail(TwofoldEvents.REASON, "no_second_factor_verified")
                .detail(Details.IDENTITY_PROVIDER, provider)
                .error("twofold_second_factor_required");
    }

    /** Whether this sign-in was refused (the set-up action then shows the refusal and nothing else). */
    public static boolean refused(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE) != null;
    }
}

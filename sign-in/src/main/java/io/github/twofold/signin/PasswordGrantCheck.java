package io.github.twofold.signin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.Grace;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * No grant skips the second factor: the password grant (which Keycloak enables for
 * {@code admin-cli} in every realm) authenticates with the realm's direct-grant flow, and Keycloak
 * evaluates required-action triggers before it issues anything. The rules are decided on the
 * factor the flow actually verified in this request (never on which parameters the request
 * carried):
 * <ul>
 * <li>a user who has a second factor gets a token only when the flow verified one (Twofold's
 * direct-grant step, or Keycloak's OTP step);</li>
 * <li>a member of a phishing-resistant group who has a passkey gets none for a typed code (app or
 * SMS; backup codes stay their recovery), and one without a passkey gets none once grace is over;</li>
 * <li>a user the policy requires to have a second factor, who holds none that the realm's browser
 * sign-in can ask for and whose grace is over, gets none until they set one up in a browser.</li>
 * </ul>
 * Everyone else gets an honest level-1 token. A refusal is a plain OAuth error and an event.
 */
public final class PasswordGrantCheck {

    private PasswordGrantCheck() {
    }

    public static void check(RequiredActionContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TwofoldPolicy policy = TwofoldRequest.of(session, realm).policyFor(user);
        Set<FactorKind> verified = SignInFactors.verifiedHere(session, realm, authSession);
        String reason = null;
        if (SecondFactors.hasAny(session, realm, user) && verified.isEmpty()) {
            reason = "second_factor_required";
        } else if (FactorKinds.refusesTypedCodes(session, realm, user, policy)
                && verified.stream().anyMatch(FactorKinds::refusedFromPasskeyUsers)) {
            reason = FactorKinds.PHISHING_RESISTANT_ONLY;
        } else if (FactorKinds.passkeyMissing(session, realm, user, policy) && !Grace.of(policy, user).open()) {
            reason = "passkey_setup_required";
        } else if (!SignInFactors.holdsOneOf(session, realm, user, SignInFactors.browserVerifiable(session, realm, authSession))
                && SecondFactors.requiredFor(session, realm, user, authSession.getClient(), policy)
                && !Grace.of(policy, user).open()) {
            reason = "second_factor_setup_required";
        }
        if (reason == null) {
            return;
        }
        context.getEvent().clone().event(EventType.LOGIN_ERROR).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.PASSWORD_GRANT_REFUSED.key())
                .detail(TwofoldEvents.REASON, reason)
                .error("twofold_" + reason);
        throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT, switch (reason) {
            case "second_factor_required" -> "A second factor is required and this realm's direct grant flow did not verify one";
            case FactorKinds.PHISHING_RESISTANT_ONLY -> "This account signs in with a passkey or security key: use the browser sign-in";
            case "passkey_setup_required" -> "Set up a passkey or security key by signing in with a browser first";
            default -> "Set up a second factor by signing in with a browser first";
        }, Response.Status.BAD_REQUEST);
    }
}

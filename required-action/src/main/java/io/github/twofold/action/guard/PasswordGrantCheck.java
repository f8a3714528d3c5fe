package io.github.twofold.action.guard;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.Grace;
import io.github.twofold.policy.TwofoldPolicy;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;

/**
 * No grant skips the second factor: the password grant (which Keycloak enables for
 * {@code admin-cli} in every realm) authenticates with the realm's direct-grant flow, and Keycloak
 * evaluates required-action triggers before it issues anything. A user who has a second factor
 * gets a token only when that flow verified one in this request (Twofold's direct-grant step, or
 * Keycloak's OTP step); a user the policy requires to have one and whose grace is over gets none
 * until they set one up in a browser. Everyone else gets an honest level-1 token. A refusal is a
 * plain OAuth error and an event.
 */
public final class PasswordGrantCheck {

    private PasswordGrantCheck() {
    }

    /** Whether this authentication is a password grant at the token endpoint. */
    public static boolean applies(RequiredActionContext context) {
        return context.getHttpRequest() != null
                && OAuth2Constants.PASSWORD.equals(context.getHttpRequest().getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE));
    }

    public static void check(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String reason;
        if (SecondFactors.hasAny(context.getSession(), realm, user)) {
            if (SecondFactorProof.lastVerified(context.getSession(), realm, context.getAuthenticationSession()).isPresent()) {
                return;
            }
            reason = "second_factor_required";
        } else {
            TwofoldPolicy policy = TwofoldPolicy.of(realm);
            if (!SecondFactors.requiredFor(context.getSession(), realm, user, context.getAuthenticationSession().getClient(), policy)
                    || Grace.of(policy, user).open()) {
                return;
            }
            reason = "second_factor_setup_required";
        }
        context.getEvent().clone().event(EventType.LOGIN_ERROR).user(context.getUser())
                .detail(TwofoldEvents.EVENT, "password_grant_refused")
                .detail(TwofoldEvents.REASON, reason)
                .error("twofold_" + reason);
        throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT, reason.equals("second_factor_required")
                ? "A second factor is required and this realm's direct grant flow did not verify one"
                : "Set up a second factor by signing in with a browser first", Response.Status.BAD_REQUEST);
    }
}

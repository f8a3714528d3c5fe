package io.github.twofold.email;

import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Who is offered a sign-in code by e-mail: the one rule the condition and the step both apply. */
public final class EmailCodes {

    /** The step's provider id: the name of the kind it verifies, which the sign-in rules know it by. */
    public static final String AUTHENTICATOR_ID = CredentialTypes.EMAIL_CODE;

    private EmailCodes() {
    }

    /**
     * Offered where the policy turns the fallback on, to a user with a verified address who holds a
     * second factor of their own (it is a way back to that factor, not one of its own), never to a
     * member of the groups that must use passkeys.
     */
    public static boolean offered(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return policy.emailCodeFallback() && user != null && user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified()
                && !FactorKinds.phishingResistantOnly(session, realm, user, policy)
                && SecondFactors.hasAny(session, realm, user);
    }
}

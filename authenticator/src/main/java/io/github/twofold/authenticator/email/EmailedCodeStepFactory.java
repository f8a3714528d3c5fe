package io.github.twofold.authenticator.email;

import io.github.twofold.authenticator.CodeStepFactory;
import java.util.Set;
import org.keycloak.models.KeycloakSession;

/**
 * What the factories of the steps on {@link EmailedCodeAuthenticator} share: the user holds no
 * credential of their own for them (the e-mail address is Keycloak's), so the account console lists
 * nothing and there is nothing for the user to set up.
 */
public abstract class EmailedCodeStepFactory extends CodeStepFactory {

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}

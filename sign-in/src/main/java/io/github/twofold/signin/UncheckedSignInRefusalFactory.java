package io.github.twofold.signin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/**
 * Registers {@link UncheckedSignInRefusal} with Keycloak's token post-processors (Keycloak 26.6
 * and later; older versions have no such hook and never load this factory).
 */
public class UncheckedSignInRefusalFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "twofold-unchecked-sign-in";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new UncheckedSignInRefusal(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

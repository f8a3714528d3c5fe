package io.github.twofold.authenticator.enforce;

import io.github.twofold.authenticator.RequiredStepFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code twofold-default-level}: see {@link DefaultLevelAuthenticator}. */
public class DefaultLevelAuthenticatorFactory extends RequiredStepFactory {

    public static final String PROVIDER_ID = "twofold-default-level";
    private static final DefaultLevelAuthenticator SINGLETON = new DefaultLevelAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Twofold: level of authentication when none is asked for";
    }

    @Override
    public String getHelpText() {
        return "Put it REQUIRED first in a browser flow with levels of authentication: a login whose application sends no acr_values aims at this level (default 2, the second factor) instead of level 1.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(DefaultLevelAuthenticator.LEVEL.property());
    }
}

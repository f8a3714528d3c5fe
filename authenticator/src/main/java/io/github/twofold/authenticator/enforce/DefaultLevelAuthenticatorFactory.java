package io.github.twofold.authenticator.enforce;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code twofold-default-level}: see {@link DefaultLevelAuthenticator}. */
public class DefaultLevelAuthenticatorFactory implements AuthenticatorFactory {

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
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(new ProviderConfigProperty(DefaultLevelAuthenticator.CONFIG_KEY, "Level",
                "The level a login aims at when its application asks for none.", ProviderConfigProperty.STRING_TYPE,
                Integer.toString(DefaultLevelAuthenticator.DEFAULT_LEVEL)));
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}

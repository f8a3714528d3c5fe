package io.github.twofold.authenticator.enforce;

import io.github.twofold.authenticator.EnrollAction;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code twofold-require-second-factor}: see {@link RequireSecondFactorAuthenticator}. */
public class RequireSecondFactorAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "twofold-require-second-factor";
    private static final RequireSecondFactorAuthenticator SINGLETON = new RequireSecondFactorAuthenticator();

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
        return "Twofold: require a second factor";
    }

    @Override
    public String getHelpText() {
        return "Place as REQUIRED after the second-factor sub-flow. A user the realm policy requires to have a second factor, and who has none, must set one up before the login completes (after the policy's grace period). Inside a level-of-authentication sub-flow it also makes a requested step-up real for users without a second factor.";
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
        return List.of(EnrollAction.property("Set up a factor with", "Required action a user without a second factor must complete."),
                StepUp.property());
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

package io.github.twofold.authenticator.enforce;

import io.github.twofold.policy.Enforcement;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.authenticator.RequiredStepFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code twofold-require-second-factor}: see {@link RequireSecondFactorAuthenticator}. */
public class RequireSecondFactorAuthenticatorFactory extends RequiredStepFactory {

    public static final String PROVIDER_ID = Enforcement.STEP_ID;
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
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(EnrollAction.property("Set up a factor with", "Required action a user without a second factor must complete."),
                StepUp.LEVEL.property());
    }
}

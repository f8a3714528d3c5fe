package io.github.twofold.authenticator.enforce;

import io.github.twofold.authenticator.RequiredStepFactory;
import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code twofold-condition-second-factor}: see {@link SecondFactorAppliesCondition}. */
public class SecondFactorAppliesConditionFactory extends RequiredStepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "twofold-condition-second-factor";

    @Override
    public ConditionalAuthenticator getSingleton() {
        return SecondFactorAppliesCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - Twofold: a second factor applies";
    }

    @Override
    public String getHelpText() {
        return "True when the user has a second factor, the Twofold policy requires one, or the application asked for this level of authentication.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

package io.github.twofold.policy;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The realm policy as a component type of its own, so realm exports import on any Keycloak with the JAR. */
public class TwofoldPolicySpi implements Spi {

    public static final String NAME = "twofold-policy";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return TwofoldPolicyProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return TwofoldPolicyProviderFactory.class;
    }
}

package io.github.twofold.policy;

import org.keycloak.component.ComponentFactory;

/** Factory type of the {@code twofold-policy} SPI. */
public interface TwofoldPolicyProviderFactory extends ComponentFactory<TwofoldPolicyProvider, TwofoldPolicyProvider> {
}

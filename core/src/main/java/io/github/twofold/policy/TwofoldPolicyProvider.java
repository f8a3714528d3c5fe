package io.github.twofold.policy;

import org.keycloak.provider.Provider;

/**
 * Marker for the realm policy component. The policy is stored as a realm component of this type
 * (exported with the realm, validated on import and update) and read through {@link TwofoldPolicy#of}.
 */
public interface TwofoldPolicyProvider extends Provider {
}

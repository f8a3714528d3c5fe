package io.github.twofold.action.keycloak;

/**
 * Keycloak's own required actions that Twofold replaces to put its checks in front. Keycloak uses,
 * for each provider id, the factory with the highest {@code order()}; Keycloak's have 0.
 */
final class GatedActions {

    static final int ORDER = 100;

    private GatedActions() {
    }
}

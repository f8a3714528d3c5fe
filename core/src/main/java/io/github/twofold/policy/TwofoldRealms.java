package io.github.twofold.policy;

import org.keycloak.models.RealmModel;

/**
 * Which realms use Twofold: those with a Twofold policy, or with a Twofold step in one of their
 * authentication flows. Twofold's guards over Keycloak's own entry points (its set-up and removal
 * actions, the Account REST API, the checks after each sign-in) act only there; every other realm
 * on the server behaves as stock Keycloak.
 */
public final class TwofoldRealms {

    /** Prefix of every Twofold provider id. */
    public static final String ID_PREFIX = "twofold-";

    private TwofoldRealms() {
    }

    public static boolean inUse(RealmModel realm) {
        return realm != null && (TwofoldPolicy.exists(realm) || hasTwofoldStep(realm));
    }

    private static boolean hasTwofoldStep(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .anyMatch(e -> e.getAuthenticator() != null && e.getAuthenticator().startsWith(ID_PREFIX));
    }
}

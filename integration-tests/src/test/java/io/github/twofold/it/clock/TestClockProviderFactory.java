package io.github.twofold.it.clock;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * TEST ONLY, never shipped: {@code /realms/{realm}/test-clock/offset} moves the test server's clock
 * (Keycloak's {@code Time} offset), so tests of time-dependent behaviour (freshness windows,
 * expiry, cooldowns) move time instead of sleeping. Packaged by the integration-test module into
 * its own JAR and installed only into the test servers.
 */
public class TestClockProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "test-clock";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TestClockResource();
            }

            @Override
            public void close() {
            }
        };
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

    @Override
    public String getId() {
        return ID;
    }
}

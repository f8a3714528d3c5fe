package io.github.twofold.it.production;

import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;

/** The production smoke on the oldest supported Keycloak ({@code keycloak.oldest.version} in the pom). */
@TwofoldTest
class OldestKeycloakIT extends ProductionSmoke {

    @Override
    ProductionServer server(TestEnvironment env) {
        return ProductionServer.oldest(env);
    }
}

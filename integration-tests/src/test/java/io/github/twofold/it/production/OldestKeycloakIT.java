package io.github.twofold.it.production;

import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.TwofoldTest;

/** The production smoke on the oldest supported Keycloak ({@code keycloak.oldest.version} in the pom). */
@TwofoldTest(otherServers = OtherServer.OLDEST, mainServer = false)
class OldestKeycloakIT extends ProductionSmoke {

    @Override
    ProductionServer server(TestEnvironment env) {
        return ProductionServer.oldest(env);
    }
}

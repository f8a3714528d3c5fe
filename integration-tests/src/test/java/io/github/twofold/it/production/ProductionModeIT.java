package io.github.twofold.it.production;

import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.TwofoldTest;

/** The production smoke on the Keycloak the whole suite runs on. */
@TwofoldTest(otherServers = OtherServer.PRODUCTION, mainServer = false)
class ProductionModeIT extends ProductionSmoke {

    @Override
    ProductionServer server(TestEnvironment env) {
        return ProductionServer.get(env);
    }
}

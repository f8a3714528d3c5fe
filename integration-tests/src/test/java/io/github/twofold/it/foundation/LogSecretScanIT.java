package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.MariaDbNode;
import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.UpgradedServer;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Runs last, alone: the whole run's server log must not contain any secret a test registered. */
@TwofoldTest
@Order(Integer.MAX_VALUE)
@Isolated
class LogSecretScanIT {

    @Test
    void serverLogHoldsNoRegisteredSecret(TestEnvironment env) {
        assertThat(SecretScanner.get().size()).as("secrets registered by the run").isPositive();
        assertThat(env.server().log()).as("the server wrote its log").contains("Listening on");
        assertThat(SecretScanner.get().scan(env.server().log())).isEmpty();
    }

    @Test
    void otherServersLogsHoldNoRegisteredSecret(TestEnvironment env) {
        List<String> logs = new ArrayList<>(Cluster.logs());
        env.secondServerLog().ifPresent(logs::add);
        logs.addAll(MariaDbNode.logs());
        logs.addAll(ProductionServer.logs());
        logs.addAll(UpgradedServer.logs());
        for (String log : logs) {
            assertThat(log).as("a started server wrote its log").contains("Keycloak");
            assertThat(SecretScanner.get().scan(log)).isEmpty();
        }
    }
}

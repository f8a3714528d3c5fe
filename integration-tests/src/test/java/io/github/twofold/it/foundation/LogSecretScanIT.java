package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.MariaDbNode;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs last: the whole run's server log must not contain any secret a test registered. */
@TwofoldTest
@Order(Integer.MAX_VALUE)
class LogSecretScanIT {

    @Test
    void serverLogHoldsNoRegisteredSecret(TestEnvironment env) {
        assertThat(SecretScanner.get().size()).as("secrets registered by the run").isPositive();
        assertThat(SecretScanner.get().scan(env.server().log())).isEmpty();
    }

    @Test
    void clusterNodeLogsHoldNoRegisteredSecret() {
        for (String log : java.util.stream.Stream.concat(Cluster.logs().stream(), MariaDbNode.logs().stream()).toList()) {
            assertThat(SecretScanner.get().scan(log)).isEmpty();
        }
    }
}

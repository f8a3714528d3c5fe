package io.github.twofold.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.StallWitness;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The login-throughput benchmark. In the test suite it is a smoke of a few seconds per flow that
 * proves every flow still completes logins; {@code -Dtwofold.benchmark=full} is the measurement
 * (docs/BENCHMARKS.md). Results: {@code target/benchmark/}. It runs alone, after the other classes:
 * the server's cores are the benchmark's.
 */
@TwofoldTest
@Order(Integer.MAX_VALUE - 1)
@Isolated
class LoginBenchmarkIT {

    @Test
    void everyFlowCompletesLogins(TestEnvironment env) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        int stallsBefore = StallWitness.count();
        LoginBenchmark.Result result = new LoginBenchmark(env, settings, line -> System.out.println("[benchmark] " + line)).run();
        int stalls = StallWitness.count() - stallsBefore;

        BenchmarkReport report = new BenchmarkReport(result);
        Path dir = Path.of(System.getProperty("twofold.work.dir")).getParent().resolve("benchmark");
        Files.createDirectories(dir);
        String markdown = report.markdown() + String.format("%nRequests without an answer after 8 s (stalls, thread dumps in target/it/stalls/): %d.%n", stalls);
        Files.writeString(dir.resolve("results.md"), markdown);
        report.plot(dir.resolve("throughput.png"));
        System.out.println(markdown);

        assertThat(stalls).as("requests that had no answer for 8 s (thread dumps in target/it/stalls/)").isZero();
        for (FlowResult flow : result.flows()) {
            assertThat(flow.failures.get()).as("failed logins in %s, first: %s", flow.flow.label(), flow.firstFailure.get()).isZero();
            assertThat(flow.logins.get()).as("logins completed in %s", flow.flow.label()).isPositive();
        }
        if (result.hangingGateway() != null) {
            assertThat(result.hangingGateway().codeArrived()).as("logins completed while Twilio hangs").isTrue();
        }
    }
}

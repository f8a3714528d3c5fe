package io.github.twofold.it.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long and how hard the benchmark runs. {@code -Dtwofold.benchmark=full} is the measurement;
 * anything else is the smoke the test suite runs (seconds, proves every flow still logs in).
 *
 * @param assumedLoginsPerSecond an upper bound on the server's throughput, to create enough accounts
 *                               (each logs in once)
 */
record BenchmarkSettings(boolean full, int virtualUsers, Duration warmUp, Duration phase, int rounds, int assumedLoginsPerSecond,
                         List<String> flows) {

    static BenchmarkSettings fromSystemProperties() {
        boolean full = "full".equals(System.getProperty("twofold.benchmark"));
        int users = Integer.getInteger("twofold.benchmark.users", full ? 8 : 2);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("twofold.benchmark.warmUpSeconds", full ? 10 : 0));
        Duration phase = Duration.ofSeconds(Integer.getInteger("twofold.benchmark.seconds", full ? 20 : 1));
        int rounds = Integer.getInteger("twofold.benchmark.rounds", full ? 3 : 1);
        int rate = Integer.getInteger("twofold.benchmark.maxRate", full ? 45 : 15);
        List<String> flows = Arrays.stream(System.getProperty("twofold.benchmark.flows", "").split(","))
                .map(String::trim).filter(f -> !f.isEmpty()).toList();
        return new BenchmarkSettings(full, users, warmUp, phase, rounds, rate, flows);
    }

    /** Seconds one flow runs in all (warm-up and measured rounds). */
    long secondsPerFlow() {
        return warmUp.toSeconds() + phase.toSeconds() * rounds;
    }

    /** Logins one flow can make at most in the run, with a margin. */
    int maxLoginsPerFlow() {
        return (int) (assumedLoginsPerSecond * secondsPerFlow() * 1.2) + virtualUsers * 2;
    }
}

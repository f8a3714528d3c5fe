package io.github.twofold.it.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long and how hard the benchmark runs. {@code -Dtwofold.benchmark=full} is the measurement;
 * anything else is the smoke the test suite runs (seconds, proves every flow still logs in).
 *
 * @param settle                 the start of each phase that throughput does not count: the virtual users
 *                               all start at once, and the first logins finish together
 * @param assumedLoginsPerSecond an upper bound on the server's throughput, to create enough accounts
 *                               (each logs in once)
 * @param pbkdf2Passwords        {@code twofold.benchmark.passwordHash=pbkdf2}: a diagnostic, not the
 *                               measurement ({@link PasswordHash#realmPolicy})
 */
record BenchmarkSettings(boolean full, int virtualUsers, Duration warmUp, Duration phase, Duration settle, int rounds,
                         int assumedLoginsPerSecond, List<String> flows, boolean pbkdf2Passwords) {

    static BenchmarkSettings fromSystemProperties() {
        boolean full = "full".equals(System.getProperty("twofold.benchmark"));
        int users = Integer.getInteger("twofold.benchmark.users", full ? 8 : 2);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("twofold.benchmark.warmUpSeconds", full ? 40 : 0));
        // short phases in many rounds: a slow minute of a shared machine falls on every flow alike
        Duration phase = Duration.ofSeconds(Integer.getInteger("twofold.benchmark.seconds", full ? 5 : 1));
        Duration settle = Duration.ofMillis(Integer.getInteger("twofold.benchmark.settleMillis", full ? 1000 : 0));
        int rounds = Integer.getInteger("twofold.benchmark.rounds", full ? 12 : 1);
        int rate = Integer.getInteger("twofold.benchmark.maxRate", full ? 45 : 15);
        List<String> flows = Arrays.stream(System.getProperty("twofold.benchmark.flows", "").split(","))
                .map(String::trim).filter(f -> !f.isEmpty()).toList();
        boolean pbkdf2 = "pbkdf2".equals(System.getProperty("twofold.benchmark.passwordHash", "argon2"));
        if (settle.compareTo(phase) >= 0) {
            throw new IllegalArgumentException("twofold.benchmark.settleMillis must be shorter than a phase (" + phase.toSeconds() + " s)");
        }
        return new BenchmarkSettings(full, users, warmUp, phase, settle, rounds, rate, flows, pbkdf2);
    }

    /** The part of each phase whose completed logins count in the throughput: after the settling, up to the deadline. */
    Duration steady() {
        return phase.minus(settle);
    }

    /** The benchmark realms' password policy: null for Keycloak's default (Argon2). */
    String passwordPolicy() {
        return PasswordHash.realmPolicy(pbkdf2Passwords);
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

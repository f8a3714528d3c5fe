package io.github.twofold.benchmark.limiter;

import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.ReservedSends;
import io.github.twofold.limit.SendBudget;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.hibernate.stat.Statistics;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

/**
 * The limiter alone against PostgreSQL: SMS send decisions ({@link SendBudget#reserve}) and code
 * verification decisions ({@link VerificationGuard#verify}) per second and their latency, with N
 * callers deciding at once, each for a random user, number and client address (as many sign-ins
 * of different people). Every phase runs in a realm of its own, so the first send of a user
 * creates its counters, as the first SMS of a sign-in does in production.
 *
 * <p>Run: see docs/BENCHMARKS.md. Options (system properties): {@code callers} (1,8,32,64),
 * {@code seconds} (10 per phase), {@code warmUpSeconds} (20 per workload, once, before the measured phases; each phase then warms up for 2 s), {@code reserve} (sends per node, the policy default),
 * {@code workloads} (all), {@code out} (benchmark/target/limiter/results.md).
 */
public final class LimiterBenchmark {

    /** What the callers decide. */
    public enum Workload {
        SEND("SMS send, every budget on"),
        SEND_NO_RESERVE("SMS send, every budget on, no reserve (every send locks the realm and country rows)"),
        SEND_WITHOUT_SHARED("SMS send, without the realm and country budgets"),
        VERIFY("Code verification (right code: count, check, clear)");

        final String title;

        Workload(String title) {
            this.title = title;
        }
    }

    /** One phase's numbers. */
    public record Result(Workload workload, int callers, int reserve, long decisions, long refused, long errors, double seconds,
                         double p50Millis, double p99Millis, double statementsPerDecision, double transactionsPerDecision) {

        public double perSecond() {
            return decisions / seconds;
        }
    }

    /** Before each measured phase, with its callers (connections, caches). */
    private static final Duration PHASE_WARM_UP = Duration.ofSeconds(2);

    private LimiterBenchmark() {
    }

    /** Budgets far above what a phase can spend, so every decision does the full work and none is refused. */
    static TwofoldPolicy roomyPolicy(int reserve) {
        return policy(Map.of(PolicySchema.SMS_PER_USER_PER_HOUR, "1000", PolicySchema.SMS_PER_NUMBER_PER_DAY, "1000",
                PolicySchema.SMS_PER_PREFIX_PER_HOUR, "10000", PolicySchema.SMS_PER_COUNTRY_PER_HOUR, "1000000",
                PolicySchema.SMS_PER_IP_PER_HOUR, "100000", PolicySchema.SMS_PER_REALM_PER_DAY, "10000000",
                PolicySchema.SMS_SHARED_BUDGET_RESERVE, Integer.toString(reserve),
                PolicySchema.FAILURES_BEFORE_DELAY, "20", PolicySchema.FAILURES_BEFORE_LOCK, "99",
                PolicySchema.FAILURES_PER_IP_PER_HOUR, "100000"));
    }

    /** A realm policy with the given settings (the others at their defaults). */
    public static TwofoldPolicy policy(Map<String, String> settings) {
        ComponentModel component = new ComponentModel();
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        settings.forEach(config::putSingle);
        component.setConfig(config);
        return TwofoldPolicy.of(component);
    }

    /** A German mobile number, random. */
    static String randomNumber() {
        return "+49151" + (10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000));
    }

    /** One of 10,000 client addresses. */
    static String randomAddress() {
        int n = ThreadLocalRandom.current().nextInt(10_000);
        return "198.18." + (n / 256) + "." + (n % 256);
    }

    static String randomUser() {
        return "user-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    /**
     * Runs one workload with {@code callers} threads, half of them on each of two simulated nodes
     * (each node has its own reserves, as two Keycloak servers do): a warm-up, then the measured time.
     */
    public static Result run(LimiterDatabase db, Workload workload, int callers, int reserve, Duration warmUp, Duration measured) {
        String realmId = UUID.randomUUID().toString();
        int perNode = workload == Workload.SEND_NO_RESERVE ? 1 : reserve;
        TwofoldPolicy policy = roomyPolicy(perNode);
        SendBudget[] nodes = new SendBudget[2];
        for (int n = 0; n < nodes.length; n++) {
            SendBudget budget = new SendBudget(db.store(), realmId, policy, new ReservedSends());
            nodes[n] = workload == Workload.SEND_WITHOUT_SHARED ? budget.without(LimitKind.SMS_PER_REALM, LimitKind.SMS_PER_COUNTRY) : budget;
        }
        VerificationGuard guard = new VerificationGuard(db.store(), realmId, policy);
        IntPredicate decide = workload == Workload.VERIFY
                ? caller -> verify(guard)
                : caller -> send(nodes[caller % nodes.length]);
        if (!warmUp.isZero()) {
            phase(callers, warmUp, decide, null);
        }
        Statistics statistics = db.statistics();
        statistics.clear();
        Phase phase = phase(callers, measured, decide, statistics);
        long decisions = phase.latencies.length;
        return new Result(workload, callers, workload == Workload.VERIFY ? 0 : perNode, decisions, phase.refused.get(), phase.errors.get(),
                phase.seconds, percentile(phase.latencies, 0.50), percentile(phase.latencies, 0.99),
                statistics.getPrepareStatementCount() / (double) Math.max(1, decisions),
                statistics.getTransactionCount() / (double) Math.max(1, decisions));
    }

    /** One send decision; true when it was refused. */
    private static boolean send(SendBudget budget) {
        LimitDecision decision = budget.reserve(randomUser(), false, randomNumber(), randomAddress()).decision();
        return !decision.allowed();
    }

    /** One verification decision; true when it was refused. */
    private static boolean verify(VerificationGuard guard) {
        VerificationGuard.Verification<Boolean> v = guard.verify(randomUser(), randomAddress(),
                Optional.of(new VerificationGuard.CodeCap(UUID.randomUUID().toString(), 5, 300)), () -> Boolean.TRUE, ok -> ok);
        return !v.accepted();
    }

    private record Phase(long[] latencies, AtomicLong refused, AtomicLong errors, double seconds) {
    }

    /** Runs {@code callers} threads for {@code length}; {@code decide} makes one decision and says whether it was refused. */
    private static Phase phase(int callers, Duration length, IntPredicate decide, Statistics statistics) {
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> perCaller = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] end = new long[1];
        for (int i = 0; i < callers; i++) {
            long[][] own = {new long[4096]};
            int[] n = {0};
            int caller = i;
            counts.add(n);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < end[0]) {
                    long t0 = System.nanoTime();
                    try {
                        if (decide.test(caller)) {
                            refused.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n[0] == own[0].length) {
                        own[0] = Arrays.copyOf(own[0], n[0] * 2);
                    }
                    own[0][n[0]++] = System.nanoTime() - t0;
                }
                synchronized (perCaller) {
                    perCaller.add(Arrays.copyOf(own[0], n[0]));
                }
            }, "limiter-caller-" + i);
            threads.add(t);
            t.start();
        }
        long began = System.nanoTime();
        end[0] = began + length.toNanos();
        start.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long[] all = perCaller.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Phase(all, refused, errors, seconds);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    public static void main(String[] args) throws IOException {
        int[] callers = Arrays.stream(System.getProperty("callers", "1,8,32,64").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        Duration measured = Duration.ofSeconds(Long.getLong("seconds", 10));
        Duration warmUp = Duration.ofSeconds(Long.getLong("warmUpSeconds", 20));
        int reserve = Integer.getInteger("reserve", TwofoldPolicy.defaults().smsSharedBudgetReserve());
        List<Workload> workloads = System.getProperty("workloads") == null ? List.of(Workload.values())
                : Arrays.stream(System.getProperty("workloads").split(",")).map(s -> Workload.valueOf(s.trim())).toList();
        Path out = Path.of(System.getProperty("out", "benchmark/target/limiter/results.md"));
        String reason = LimiterDatabase.unavailableReason();
        if (reason != null) {
            System.err.println(reason);
            System.exit(2);
        }
        List<Result> results = new ArrayList<>();
        int maxCallers = Arrays.stream(callers).max().orElse(1);
        try (LimiterDatabase db = new LimiterDatabase("twofold_limiter_bench", maxCallers + 2)) {
            // the JIT compiles Hibernate for tens of seconds: warm every workload up first, so the
            // phases measured first are not the ones that pay for it
            for (Workload w : workloads) {
                System.out.printf("warm-up: %s, 8 callers, %d s%n", w.title, warmUp.toSeconds());
                run(db, w, 8, reserve, Duration.ZERO, warmUp);
            }
            for (int c : callers) {
                for (Workload w : workloads) {
                    System.out.printf("%-70s %3d callers ...%n", w.title, c);
                    Result r = run(db, w, c, reserve, PHASE_WARM_UP, measured);
                    System.out.printf("    %.0f decisions/s, p50 %.2f ms, p99 %.2f ms, %.1f statements and %.2f transactions per decision, %d refused, %d errors%n",
                            r.perSecond(), r.p50Millis(), r.p99Millis(), r.statementsPerDecision(), r.transactionsPerDecision(), r.refused(), r.errors());
                    results.add(r);
                }
            }
        }
        String table = table(results, measured, warmUp);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println();
        System.out.println(table);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /** The results as a Markdown table, with the ratio the limiter's goal is about. */
    static String table(List<Result> results, Duration measured, Duration warmUp) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d s per phase after a warm-up of %d s per workload and %d s per phase; PostgreSQL at %s; Java %s, %d processors.%n%n",
                measured.toSeconds(), warmUp.toSeconds(), PHASE_WARM_UP.toSeconds(), LimiterDatabase.HOST, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        sb.append("| Workload | callers | reserve per node | decisions/s | p50 ms | p99 ms | statements / decision | transactions / decision | refused | errors |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            sb.append(String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.1f | %.2f | %d | %d |%n", r.workload().title, r.callers(), r.reserve(),
                    r.perSecond(), r.p50Millis(), r.p99Millis(), r.statementsPerDecision(), r.transactionsPerDecision(), r.refused(), r.errors()));
        }
        sb.append("\nEvery budget on, against the same without the realm and country budgets (goal at 64 callers: at least 0.8):\n\n");
        for (Result all : results) {
            if (all.workload() != Workload.SEND && all.workload() != Workload.SEND_NO_RESERVE) {
                continue;
            }
            results.stream().filter(r -> r.workload() == Workload.SEND_WITHOUT_SHARED && r.callers() == all.callers()).findFirst()
                    .ifPresent(base -> sb.append(String.format("* %d callers, reserve %d per node: %.2f%n", all.callers(), all.reserve(),
                            all.perSecond() / base.perSecond())));
        }
        return sb.toString();
    }
}

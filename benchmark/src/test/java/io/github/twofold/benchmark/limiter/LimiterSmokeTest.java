package io.github.twofold.benchmark.limiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.limit.CounterKeys;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.ReservedSends;
import io.github.twofold.limit.SendBudget;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limiter benchmark's smoke (every workload decides, without errors, so the benchmark cannot
 * rot) and the promises of the shared budgets' reserves, on PostgreSQL with real parallel
 * transactions: never exceeded across two nodes, nothing lost while the nodes keep sending, the
 * exact budgets exact. Skipped, with the reason, where PostgreSQL is not reachable.
 */
class LimiterSmokeTest {

    private static LimiterDatabase db;

    @BeforeAll
    static void database() {
        String reason = LimiterDatabase.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        db = new LimiterDatabase("twofold_limiter_smoke", 24);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyWorkloadDecidesWithoutErrors() {
        for (LimiterBenchmark.Workload w : LimiterBenchmark.Workload.values()) {
            LimiterBenchmark.Result r = LimiterBenchmark.run(db, w, 4, 20, Duration.ZERO, Duration.ofSeconds(1));
            assertThat(r.decisions()).as(w.title).isPositive();
            assertThat(r.errors()).as(w.title).isZero();
            assertThat(r.refused()).as(w.title).isZero();
        }
    }

    @Test
    void aNodeCountsItsReserveOnTheRealmRowAndSpendsItWithoutTouchingTheRow() {
        String realm = UUID.randomUUID().toString();
        TwofoldPolicy policy = LimiterBenchmark.roomyPolicy(20);
        SendBudget nodeA = new SendBudget(db.store(), realm, policy, new ReservedSends());
        SendBudget nodeB = new SendBudget(db.store(), realm, policy, new ReservedSends());
        assertThat(send(nodeA).allowed()).isTrue();
        assertThat(realmRow(realm)).as("the first send counts itself and 19 more for node a").isEqualTo(20);
        for (int i = 0; i < 19; i++) {
            assertThat(send(nodeA).allowed()).isTrue();
        }
        assertThat(realmRow(realm)).as("node a's next 19 sends came from its reserve").isEqualTo(20);
        assertThat(send(nodeB).allowed()).isTrue();
        assertThat(realmRow(realm)).as("node b has a reserve of its own").isEqualTo(40);
        assertThat(send(nodeA).allowed()).isTrue();
        assertThat(realmRow(realm)).isEqualTo(60);
    }

    @Test
    void parallelSendsOnTwoNodesNeverExceedTheRealmBudgetAndUseAllOfIt() throws Exception {
        for (int reserve : new int[] {20, 1}) {
            String realm = UUID.randomUUID().toString();
            TwofoldPolicy policy = LimiterBenchmark.policy(Map.of(PolicySchema.SMS_PER_REALM_PER_DAY, "150",
                    PolicySchema.SMS_PER_COUNTRY_PER_HOUR, "1000000", PolicySchema.SMS_PER_IP_PER_HOUR, "100000",
                    PolicySchema.SMS_SHARED_BUDGET_RESERVE, Integer.toString(reserve)));
            SendBudget[] nodes = {new SendBudget(db.store(), realm, policy, new ReservedSends()),
                    new SendBudget(db.store(), realm, policy, new ReservedSends())};
            Map<LimitKind, AtomicInteger> refusals = new ConcurrentHashMap<>();
            // every caller sends until the realm budget refuses it
            int allowed = inParallel(16, caller -> {
                int mine = 0;
                while (true) {
                    LimitDecision d = send(nodes[caller % 2]);
                    if (!d.allowed()) {
                        refusals.computeIfAbsent(d.kind(), k -> new AtomicInteger()).incrementAndGet();
                        return mine;
                    }
                    mine++;
                }
            });
            assertThat(allowed).as("sends allowed with a reserve of %d per node", reserve).isEqualTo(150);
            assertThat(refusals.keySet()).containsOnly(LimitKind.SMS_PER_REALM);
            assertThat(realmRow(realm)).isEqualTo(150);
        }
    }

    @Test
    void thePerUserBudgetStaysExactUnderParallelSendsOnTwoNodes() throws Exception {
        String realm = UUID.randomUUID().toString();
        TwofoldPolicy policy = LimiterBenchmark.policy(Map.of(PolicySchema.SMS_PER_USER_PER_HOUR, "10",
                PolicySchema.SMS_PER_IP_PER_HOUR, "100000"));
        SendBudget[] nodes = {new SendBudget(db.store(), realm, policy, new ReservedSends()),
                new SendBudget(db.store(), realm, policy, new ReservedSends())};
        int allowed = inParallel(16, caller -> {
            int mine = 0;
            for (int i = 0; i < 3; i++) {
                if (nodes[caller % 2].reserve("one-user", false, LimiterBenchmark.randomNumber(), LimiterBenchmark.randomAddress())
                        .decision().allowed()) {
                    mine++;
                }
            }
            return mine;
        });
        assertThat(allowed).isEqualTo(10);
    }

    /**
     * A code checked while the counters are locked (the SMS step): parallel wrong codes get no more
     * evaluations than the per-code cap, and of parallel right ones exactly one is accepted.
     */
    @Test
    void codesCheckedUnderTheCountersLockGetNoMoreEvaluationsThanTheCapAndOneRightCodeWinsOnce() throws Exception {
        String realm = UUID.randomUUID().toString();
        TwofoldPolicy policy = LimiterBenchmark.policy(Map.of(PolicySchema.FAILURES_PER_IP_PER_HOUR, "1000"));
        VerificationGuard guard = new VerificationGuard(db.store(), realm, policy);
        VerificationGuard.CodeCap cap = new VerificationGuard.CodeCap("code-" + UUID.randomUUID(), 3, 300);
        AtomicInteger evaluated = new AtomicInteger();
        int accepted = inParallel(16, caller -> guard.verifyInMemory("user-a", "address-" + caller, Optional.of(cap),
                () -> evaluated.incrementAndGet() < 0, ok -> ok, true).accepted() ? 1 : 0);
        assertThat(accepted).isZero();
        assertThat(evaluated.get()).as("wrong codes looked at, of 16 sent at once with a cap of 3").isEqualTo(3);

        VerificationGuard.CodeCap fresh = new VerificationGuard.CodeCap("code-" + UUID.randomUUID(), 3, 300);
        java.util.concurrent.atomic.AtomicBoolean consumed = new java.util.concurrent.atomic.AtomicBoolean();
        int right = inParallel(16, caller -> guard.verifyInMemory("user-b", "address-" + caller, Optional.of(fresh),
                () -> consumed.compareAndSet(false, true), ok -> ok, true).accepted() ? 1 : 0);
        assertThat(right).as("the right code, sent 16 times at once").isEqualTo(1);
    }

    /** A check the gateway could not answer (Twilio Verify down) is taken back from every counter: no cap, streak or lock moves. */
    @Test
    void anAttemptThatCouldNotBeCheckedIsTakenBackFromEveryCounter() {
        String realm = UUID.randomUUID().toString();
        TwofoldPolicy policy = LimiterBenchmark.policy(Map.of(PolicySchema.FAILURES_BEFORE_DELAY, "3", PolicySchema.FAILURES_BEFORE_LOCK, "3",
                PolicySchema.FAILURES_PER_IP_PER_HOUR, "3"));
        VerificationGuard guard = new VerificationGuard(db.store(), realm, policy);
        VerificationGuard.CodeCap cap = new VerificationGuard.CodeCap("code-" + UUID.randomUUID(), 2, 300);
        for (int i = 0; i < 6; i++) {
            VerificationGuard.Verification<String> unanswered = guard.verify("user-a", "address", Optional.of(cap), () -> "unavailable",
                    r -> false, r -> r.equals("unavailable"), true);
            assertThat(unanswered.refused()).as("try %d: the code's cap of 2, the lock at 3 and the address's 3 are untouched", i + 1).isFalse();
            assertThat(unanswered.locked()).isFalse();
        }
        for (int i = 0; i < 2; i++) {
            assertThat(guard.verify("user-a", "address", Optional.of(cap), () -> "wrong", r -> false, r -> false, true).refused()).isFalse();
        }
        assertThat(guard.verify("user-a", "address", Optional.of(cap), () -> "wrong", r -> false, r -> false, true).refusal().kind())
                .as("wrong codes still count: the cap of 2 is reached").isEqualTo(LimitKind.CODE_ATTEMPTS);
    }

    @Test
    void aSendWhileTheAccountIsLockedIsRefusedInItsOwnTransactionAndCountsNothing() {
        String realm = UUID.randomUUID().toString();
        TwofoldPolicy policy = LimiterBenchmark.policy(Map.of(PolicySchema.FAILURES_BEFORE_DELAY, "3", PolicySchema.FAILURES_BEFORE_LOCK, "3",
                PolicySchema.FAILURES_PER_IP_PER_HOUR, "1000"));
        VerificationGuard guard = new VerificationGuard(db.store(), realm, policy);
        for (int i = 0; i < 3; i++) {
            guard.verifyInMemory("user-a", "address", Optional.empty(), () -> false, ok -> ok, true);
        }
        SendBudget node = new SendBudget(db.store(), realm, policy, new ReservedSends());
        String number = LimiterBenchmark.randomNumber();
        LimitDecision locked = node.reserve("user-a", false, number, "address",
                VerificationGuard.counterIds(realm, "user-a", "address", "code-1"), guard.accountLock("user-a")).decision();
        assertThat(locked.allowed()).isFalse();
        assertThat(locked.kind()).isEqualTo(LimitKind.ACCOUNT_LOCK);
        assertThat(locked.retryAfterSeconds()).isPositive();
        String perUser = CounterKeys.of(realm, "sms-user", "user-a");
        int sends = db.store().update(realm, List.of(perUser), counters -> counters.get(perUser).hits);
        assertThat(sends).as("nothing counted").isZero();

        assertThat(guard.unlock("user-a")).isTrue();
        assertThat(node.reserve("user-a", false, number, "address",
                VerificationGuard.counterIds(realm, "user-a", "address", "code-2"), guard.accountLock("user-a")).decision().allowed())
                .as("unlocked, the send goes out").isTrue();
    }

    private static LimitDecision send(SendBudget node) {
        return node.reserve(LimiterBenchmark.randomUser() + UUID.randomUUID(), false, LimiterBenchmark.randomNumber(),
                LimiterBenchmark.randomAddress()).decision();
    }

    /** The hits on the realm's budget row. */
    private static int realmRow(String realm) {
        String id = CounterKeys.of(realm, "sms-realm", realm);
        return db.store().update(realm, List.of(id), counters -> counters.get(id).hits);
    }

    private interface Caller {
        int run(int caller) throws Exception;
    }

    /** Runs the callers at once; the sum of what they return. */
    private static int inParallel(int callers, Caller body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return body.run(caller);
                }));
            }
            start.countDown();
            int sum = 0;
            for (Future<Integer> f : results) {
                sum += f.get();
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.github.twofold.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The counter store on H2, the database Keycloak runs on in development (and the login
 * benchmark's): counters that do not exist yet are created in the transaction that counts them,
 * and parallel first counts of the same counters are each counted once.
 */
class CounterStoreTest {

    private static H2Counters database;
    private static OwnTransactions H2;
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void database() {
        database = H2Counters.open("counters");
        H2 = database.transactions();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static List<String> newIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("twofold:realm:test:" + IDS.incrementAndGet());
        }
        return ids;
    }

    private static Void hitEach(Map<String, Counter> counters) {
        counters.values().forEach(counter -> {
            counter.hits++;
            counter.expiresAt = Long.MAX_VALUE;
            counter.changed();
        });
        return null;
    }

    private static List<Integer> hits(List<String> ids) {
        return new CounterStore(H2).read(ids).values().stream().map(counter -> counter.hits).toList();
    }

    @Test
    void countersThatDoNotExistYetAreCreatedAndCountedInOneTransaction() {
        CounterStore store = new CounterStore(H2);
        List<String> ids = newIds(4);
        database.transactionsSinceLastAsked();
        store.update("realm", ids, CounterStoreTest::hitEach);
        assertThat(database.transactionsSinceLastAsked()).as("transactions of a first count of four new counters").isEqualTo(1);
        store.update("realm", ids, CounterStoreTest::hitEach);
        assertThat(database.transactionsSinceLastAsked()).as("transactions of a second count").isEqualTo(1);
        assertThat(hits(ids)).containsExactly(2, 2, 2, 2);
    }

    @Test
    void someNewSomeExistingCountersAreOneTransactionToo() {
        CounterStore store = new CounterStore(H2);
        List<String> existing = newIds(2);
        store.update("realm", existing, CounterStoreTest::hitEach);
        List<String> mixed = new ArrayList<>(existing);
        mixed.addAll(newIds(2));
        database.transactionsSinceLastAsked();
        store.update("realm", mixed, CounterStoreTest::hitEach);
        assertThat(database.transactionsSinceLastAsked()).isEqualTo(1);
        assertThat(hits(mixed)).containsExactly(2, 2, 1, 1);
    }

    /**
     * Sixteen callers count the same new counters at the same moment, ten times over: every
     * count lands, and each caller's logic ran exactly once (a caller that lost the race to create
     * a row is rolled back before its logic runs, because the logic may have effects of its own,
     * such as consuming a right code).
     */
    @Test
    void parallelFirstCountsOfTheSameNewCountersAreEachCountedOnceAndRunTheirLogicOnce() throws Exception {
        CounterStore store = new CounterStore(H2);
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 10; round++) {
                List<String> ids = newIds(3);
                AtomicInteger logicRuns = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return store.update("realm", ids, counters -> {
                            logicRuns.incrementAndGet();
                            return hitEach(counters);
                        });
                    }));
                }
                start.countDown();
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
                assertThat(hits(ids)).as("round %d", round).containsExactly(callers, callers, callers);
                assertThat(logicRuns.get()).as("logic runs in round %d", round).isEqualTo(callers);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachDatabaseCreatesRowsItsOwnWay() {
        assertThat(CounterSql.of("PostgreSQL")).isEqualTo(CounterSql.Database.POSTGRES);
        assertThat(CounterSql.of("MariaDB")).isEqualTo(CounterSql.Database.MYSQL);
        assertThat(CounterSql.of("MySQL")).isEqualTo(CounterSql.Database.MYSQL);
        assertThat(CounterSql.of("H2")).isEqualTo(CounterSql.Database.OTHER);
        assertThat(CounterSql.of("Microsoft SQL Server")).isEqualTo(CounterSql.Database.OTHER);
        assertThat(CounterSql.of("Oracle")).isEqualTo(CounterSql.Database.OTHER);
    }

    @Test
    void aPlainReadInTheRequestsTransactionSeesACountCommittedMeanwhile() {
        List<String> ids = newIds(2);
        new CounterStore(H2).update("test", ids, CounterStoreTest::hitEach);
        EntityManager request = database.requestEntityManager();
        try {
            request.getTransaction().begin();
            KeycloakSession session = sessionWith(request);
            assertThat(new CounterStore(session).read(ids).values()).extracting(counter -> counter.hits).containsExactly(1, 1);

            new CounterStore(H2).update("test", ids, CounterStoreTest::hitEach); // another transaction's count, committed

            assertThat(new CounterStore(session).read(ids).values()).as("read again in the same request transaction")
                    .extracting(counter -> counter.hits).containsExactly(2, 2);
            request.getTransaction().commit();
        } finally {
            request.close();
        }
    }

    @Test
    void onlyADatabaseAtReadCommittedIsReadInTheRequestsTransaction() {
        try (H2Counters repeatableRead = H2Counters.open("counters-repeatable-read", Connection.TRANSACTION_REPEATABLE_READ)) {
            EntityManager snapshot = repeatableRead.requestEntityManager();
            EntityManager latest = database.requestEntityManager();
            try {
                assertThat(CounterSql.readsLatestCommitted(snapshot)).as("REPEATABLE READ (MariaDB's default)").isFalse();
                assertThat(CounterSql.readsLatestCommitted(latest)).as("READ COMMITTED (PostgreSQL's and H2's default)").isTrue();
            } finally {
                snapshot.close();
                latest.close();
            }
        }
    }

    /** A request's session as far as the store asks: its EntityManager, no JTA. */
    private static KeycloakSession sessionWith(EntityManager request) {
        KeycloakSession session = mock(KeycloakSession.class);
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(jpa.getEntityManager()).thenReturn(request);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        return session;
    }
}

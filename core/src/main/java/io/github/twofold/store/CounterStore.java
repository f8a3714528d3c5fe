package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;

/**
 * Cluster-wide counters in Keycloak's database. {@link #update} locks the rows (in id order, so
 * two updates never deadlock), hands their state to the caller's logic, writes what changed and
 * commits, all in one short transaction of its own: a count is durable the moment update returns,
 * whatever the rest of the request does, and no two requests on any node see the same state.
 */
public final class CounterStore {

    /** Transactions one update may take; a row that exists is never created again, so a few are enough. */
    private static final int ATTEMPTS = 4;

    private final OwnTransactions transactions;
    /** Where {@link #read} runs: the request's EntityManager, or null for a transaction of its own. */
    private final EntityManager requestEntityManager;

    /**
     * The counters of Keycloak's database: changes in transactions of their own; plain reads in the
     * request's transaction where that sees the latest commits (see {@link CounterSql#readsLatestCommitted}),
     * elsewhere (MariaDB, MySQL) in a transaction of their own too.
     */
    public CounterStore(KeycloakSession session) {
        this(OwnTransactions.of(session), requestReads(session.getProvider(JpaConnectionProvider.class).getEntityManager()));
    }

    private static EntityManager requestReads(EntityManager request) {
        return CounterSql.readsLatestCommitted(request) ? request : null;
    }

    /** The counters of a database without a request (the limiter benchmark, tests): every read and change in a transaction of its own. */
    public CounterStore(OwnTransactions transactions) {
        this(transactions, null);
    }

    private CounterStore(OwnTransactions transactions, EntityManager requestEntityManager) {
        this.transactions = transactions;
        this.requestEntityManager = requestEntityManager;
    }

    /**
     * Runs {@code logic} on the counters with the given ids (missing or expired ones read as zero)
     * and stores the counters it marked {@link Counter#changed() changed}.
     */
    public <T> T update(String realmId, List<String> ids, Function<Map<String, Counter>, T> logic) {
        List<String> sorted = List.copyOf(new TreeSet<>(ids));
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome<T> outcome = transactions.inNewTransaction(em -> apply(em, realmId, sorted, logic));
                if (outcome.missing().isEmpty()) {
                    return outcome.result();
                }
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("counter rows missing after create: " + outcome.missing().size());
                }
                createMissing(outcome.missing(), realmId);
            } catch (ConcurrentlyCreated e) {
                // another transaction inserted one of the rows first; this one was rolled back whole
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("counter rows could not be created", e.getCause());
                }
            }
        }
    }

    /**
     * The counters as they are now (missing or expired ones read as zero): one plain read, no lock,
     * nothing created, in the request's transaction where the database allows (one statement, where a
     * transaction of its own costs three). For showing a state (a lock's remaining time) and for refusing a secret before
     * it is checked; what is counted is decided by {@link #update} under the rows' locks. The values
     * are read as values, never as entities: no counter sits in the request's EntityManager to be
     * read stale after an update of it, and the read flushes nothing of the request's.
     */
    public Map<String, Counter> read(List<String> ids) {
        return requestEntityManager == null ? transactions.inNewTransaction(em -> values(em, ids)) : values(requestEntityManager, ids);
    }

    private static Map<String, Counter> values(EntityManager em, List<String> ids) {
        TypedQuery<Object[]> query = byIds(em.createQuery(selectValuesByIds(ids.size()), Object[].class), ids)
                .setFlushMode(FlushModeType.COMMIT);
        long now = Time.currentTime();
        Map<String, Counter> counters = new LinkedHashMap<>();
        ids.forEach(id -> counters.put(id, new Counter(id)));
        for (Object[] row : query.getResultList()) {
            CounterEntity values = new CounterEntity();
            values.setWindowStart((Long) row[1]);
            values.setHits((Integer) row[2]);
            values.setPreviousHits((Integer) row[3]);
            values.setLastHit((Long) row[4]);
            values.setExpiresAt((Long) row[5]);
            counters.get((String) row[0]).load(values, now);
        }
        return counters;
    }

    /** What one transaction came to: the logic's result, or the rows that must be created first. */
    private record Outcome<T>(T result, List<String> missing) {
    }

    /** Another transaction inserted a row this one inserted too; this one is rolled back and tried again. */
    private static final class ConcurrentlyCreated extends RuntimeException {
        ConcurrentlyCreated(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * One locking read of all rows in id order (so two updates never deadlock). When a row does not
     * exist yet, it is created in this transaction where the database allows it: on PostgreSQL the
     * missing rows are inserted and come back locked from one statement (one another transaction
     * created meanwhile is locked instead); on H2, Oracle and SQL Server they are inserted before the
     * logic runs (an insert of a row another transaction is inserting waits for it, then fails on the
     * key, and the whole update is tried again). On MariaDB the transaction ends there and the
     * caller creates the rows in a transaction of their own and tries again. Then the logic, and the
     * changed rows, which Hibernate sends as one batch with the commit: one transaction whether the
     * rows exist or not (MariaDB: when they exist).
     */
    private static <T> Outcome<T> apply(EntityManager em, String realmId, List<String> ids, Function<Map<String, Counter>, T> logic) {
        CounterSql.Database database = CounterSql.database(em);
        Map<String, CounterEntity> rows = lock(em, ids);
        if (rows.size() < ids.size()) {
            List<String> missing = ids.stream().filter(id -> !rows.containsKey(id)).toList();
            switch (database) {
                case POSTGRES -> {
                    CounterSql.insertOrLock(em, missing, realmId).forEach(row -> rows.put(row.getId(), row));
                    if (rows.size() < ids.size()) {
                        return new Outcome<>(null, ids.stream().filter(id -> !rows.containsKey(id)).toList());
                    }
                }
                case MYSQL -> {
                    return new Outcome<>(null, missing);
                }
                case OTHER -> insert(em, missing, realmId).forEach(row -> rows.put(row.getId(), row));
            }
        }
        long now = Time.currentTime();
        Map<String, Counter> counters = new LinkedHashMap<>();
        for (String id : ids) {
            Counter counter = new Counter(id);
            counter.load(rows.get(id), now);
            counters.put(id, counter);
        }
        T result = logic.apply(counters);
        List<Counter> changed = counters.values().stream().filter(counter -> counter.changed).toList();
        if (changed.size() > 1 && database == CounterSql.Database.POSTGRES) {
            CounterSql.updateAll(em, changed);
        } else {
            changed.forEach(counter -> counter.store(rows.get(counter.id())));
        }
        return new Outcome<>(result, List.of());
    }

    /**
     * Inserts zero counters in this transaction, in id order, before the logic runs: the logic may
     * have effects of its own (a right code is consumed), so a conflict must end the attempt first.
     */
    private static List<CounterEntity> insert(EntityManager em, List<String> missing, String realmId) {
        List<CounterEntity> created = missing.stream().map(id -> zero(id, realmId)).toList();
        created.forEach(em::persist);
        try {
            em.flush();
        } catch (ModelDuplicateException | ConstraintViolationException e) {
            // the key violation as Keycloak's EntityManager reports it, and as plain JPA (Hibernate) does;
            // any other failure is not a race and is not tried again
            throw new ConcurrentlyCreated(e);
        }
        return created;
    }

    /** Creates the missing counters in one transaction; when another node created one of them meanwhile, one by one. */
    private void createMissing(List<String> missing, String realmId) {
        if (missing.size() > 1) {
            try {
                transactions.inNewTransaction(em -> {
                    missing.forEach(id -> em.persist(zero(id, realmId)));
                    em.flush();
                    return null;
                });
                return;
            } catch (RuntimeException concurrentlyCreated) {
                // one of them exists now: create the others one by one below
            }
        }
        missing.forEach(id -> create(id, realmId));
    }

    private static CounterEntity zero(String id, String realmId) {
        CounterEntity row = new CounterEntity();
        row.setId(id);
        row.setRealmId(realmId);
        return row;
    }

    /**
     * One locking read of the existing rows with the given ids, in id order. One named parameter
     * per id, not one list parameter: Hibernate caches the plan of a query without list
     * parameters, and would otherwise translate this query again on every send and code check.
     */
    private static Map<String, CounterEntity> lock(EntityManager em, List<String> ids) {
        TypedQuery<CounterEntity> query = byIds(em.createQuery(selectByIds(ids.size()), CounterEntity.class), ids)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE);
        Map<String, CounterEntity> rows = new LinkedHashMap<>();
        for (CounterEntity row : query.getResultList()) {
            rows.put(row.getId(), row);
        }
        return rows;
    }

    /** Binds the ids to the parameters of {@link #selectByIds} and {@link #selectValuesByIds}. */
    private static <T> TypedQuery<T> byIds(TypedQuery<T> query, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            query.setParameter("id" + i, ids.get(i));
        }
        return query;
    }

    /** "select c from ... where c.id in (:id0, :id1, ...)" for this many ids. */
    static String selectByIds(int count) {
        return select("c", count);
    }

    /** The same, for the values alone (id, window start, hits, previous hits, last hit, expiry). */
    static String selectValuesByIds(int count) {
        return select("c.id, c.windowStart, c.hits, c.previousHits, c.lastHit, c.expiresAt", count);
    }

    private static String select(String what, int count) {
        StringBuilder jpql = new StringBuilder("select ").append(what).append(" from CounterEntity c where c.id in (");
        for (int i = 0; i < count; i++) {
            jpql.append(i == 0 ? ":id" : ", :id").append(i);
        }
        return jpql.append(") order by c.id").toString();
    }

    /**
     * Creates a zero counter in a transaction of its own and commits it, so the caller can lock it.
     * When another node creates the same row at the same moment, one insert fails on the primary
     * key; that is expected and harmless (the row exists either way).
     */
    private void create(String id, String realmId) {
        try {
            transactions.inNewTransaction(em -> {
                em.persist(zero(id, realmId));
                em.flush();
                return null;
            });
        } catch (RuntimeException concurrentlyCreated) {
            // the locking read that follows finds the other node's row
        }
    }

    /** Deletes expired counters; returns how many. Called by the cleanup task. */
    public static int deleteExpired(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from CounterEntity c where c.expiresAt < :now")
                .setParameter("now", (long) Time.currentTime())
                .executeUpdate();
    }

    /** Deletes all counters of a realm (realm removed). */
    public static void deleteRealm(KeycloakSession session, String realmId) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from CounterEntity c where c.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}

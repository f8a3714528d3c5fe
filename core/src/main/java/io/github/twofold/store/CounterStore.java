package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Cluster-wide counters in Keycloak's database. {@link #update} locks the rows (in id order, so
 * two updates never deadlock), hands their state to the caller's logic, writes what changed and
 * commits, all in one short transaction of its own: a count is durable the moment update returns,
 * whatever the rest of the request does, and no two requests on any node see the same state.
 */
public final class CounterStore {

    private final KeycloakSessionFactory factory;

    public CounterStore(KeycloakSession session) {
        this.factory = session.getKeycloakSessionFactory();
    }

    /**
     * Runs {@code logic} on the counters with the given ids (missing or expired ones read as zero)
     * and stores the counters it marked {@link Counter#changed() changed}.
     */
    public <T> T update(String realmId, List<String> ids, Function<Map<String, Counter>, T> logic) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> apply(s, realmId, ids, logic));
    }

    /**
     * Three statements whatever the number of counters (plus one transaction creating the new ones): which
     * rows exist (a plain read: no row or gap lock, which on MariaDB would block the inserts), then
     * one locking read of all rows in id order (so two updates never deadlock), then the changed
     * rows, which Hibernate sends as one batch.
     */
    private <T> T apply(KeycloakSession s, String realmId, List<String> ids, Function<Map<String, Counter>, T> logic) {
        EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
        long now = Time.currentTime();
        List<String> sorted = List.copyOf(new TreeSet<>(ids));
        List<String> existing = em.createQuery("select c.id from CounterEntity c where c.id in :ids", String.class)
                .setParameter("ids", sorted).getResultList();
        createMissing(sorted, existing, realmId);
        Map<String, CounterEntity> rows = lock(em, sorted);
        if (rows.size() < sorted.size()) {
            // the cleanup task deleted an expired row in between: create it again, lock again
            createMissing(sorted, List.copyOf(rows.keySet()), realmId);
            rows = lock(em, sorted);
        }
        Map<String, Counter> counters = new LinkedHashMap<>();
        for (String id : sorted) {
            CounterEntity row = rows.get(id);
            if (row == null) {
                throw new IllegalStateException("counter row missing after create: " + id);
            }
            Counter counter = new Counter(id);
            counter.load(row, now);
            counters.put(id, counter);
        }
        T result = logic.apply(counters);
        for (Counter counter : counters.values()) {
            if (counter.changed) {
                counter.store(rows.get(counter.id()));
            }
        }
        return result;
    }

    /** Creates the missing counters in one transaction; when another node created one of them meanwhile, one by one. */
    private void createMissing(List<String> ids, List<String> existing, String realmId) {
        List<String> missing = ids.stream().filter(id -> !existing.contains(id)).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (missing.size() > 1) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
                    for (String id : missing) {
                        em.persist(zero(id, realmId));
                    }
                    em.flush();
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

    /** One locking read of the rows, in id order. */
    private static Map<String, CounterEntity> lock(EntityManager em, List<String> ids) {
        Map<String, CounterEntity> rows = new LinkedHashMap<>();
        for (CounterEntity row : em.createQuery("select c from CounterEntity c where c.id in :ids order by c.id", CounterEntity.class)
                .setParameter("ids", ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            rows.put(row.getId(), row);
        }
        return rows;
    }

    /**
     * Creates a zero counter in a transaction of its own and commits it, so the caller can lock it.
     * When another node creates the same row at the same moment, one insert fails on the primary
     * key; that is expected and harmless (the row exists either way).
     */
    private void create(String id, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
                em.persist(zero(id, realmId));
                em.flush();
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

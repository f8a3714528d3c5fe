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

    private <T> T apply(KeycloakSession s, String realmId, List<String> ids, Function<Map<String, Counter>, T> logic) {
        EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
        long now = Time.currentTime();
        Map<String, CounterEntity> rows = new LinkedHashMap<>();
        Map<String, Counter> counters = new LinkedHashMap<>();
        for (String id : new TreeSet<>(ids)) {
            if (!exists(em, id)) {
                create(id, realmId);
            }
            CounterEntity row = em.find(CounterEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            Counter counter = new Counter(id);
            counter.load(row, now);
            rows.put(id, row);
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

    /** A plain count: takes no row or gap lock (MariaDB would block the insert below on one). */
    private static boolean exists(EntityManager em, String id) {
        return em.createQuery("select count(c) from CounterEntity c where c.id = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    /**
     * Creates a zero counter in a transaction of its own and commits it, so the caller can lock it.
     * When another node creates the same row at the same moment, one insert fails on the primary
     * key; that is expected and harmless (the row exists either way).
     */
    private void create(String id, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                CounterEntity row = new CounterEntity();
                row.setId(id);
                row.setRealmId(realmId);
                EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
                em.persist(row);
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

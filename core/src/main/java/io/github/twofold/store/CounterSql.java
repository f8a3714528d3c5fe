package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.Session;

/**
 * The one statement JPA cannot say: insert counter rows unless they exist and lock them, inside a
 * transaction that goes on. Only on PostgreSQL ({@code on conflict}: a row another transaction is
 * inserting is waited for); elsewhere counters are created in a transaction of their own.
 */
final class CounterSql {

    /** Per persistence unit: whether its database is PostgreSQL (asked once). */
    private static final Map<EntityManagerFactory, Boolean> POSTGRES = Collections.synchronizedMap(new WeakHashMap<>());

    private CounterSql() {
    }

    static boolean insertsInPlace(EntityManager em) {
        return POSTGRES.computeIfAbsent(em.getEntityManagerFactory(), factory -> em.unwrap(Session.class)
                .doReturningWork(connection -> connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
    }

    /**
     * Inserts zero counters with these ids (in the order given) unless they exist, and returns all of
     * them locked, as managed entities: one statement. A row another transaction created meanwhile
     * is locked by a no-op update ({@code do update}), so every row comes back under this
     * transaction's lock.
     */
    @SuppressWarnings("unchecked")
    static List<CounterEntity> insertOrLock(EntityManager em, List<String> ids, String realmId) {
        StringBuilder sql = new StringBuilder("insert into {h-schema}TWOFOLD_COUNTER "
                + "(ID, REALM_ID, WINDOW_START, HITS, PREVIOUS_HITS, LAST_HIT, EXPIRES_AT) values ");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?").append(2 * i + 1).append(", ?").append(2 * i + 2).append(", 0, 0, 0, 0, 0)");
        }
        sql.append(" on conflict (ID) do update set ID = excluded.ID returning *");
        Query insert = em.createNativeQuery(sql.toString(), CounterEntity.class);
        for (int i = 0; i < ids.size(); i++) {
            insert.setParameter(2 * i + 1, ids.get(i));
            insert.setParameter(2 * i + 2, realmId);
        }
        return insert.getResultList();
    }
}

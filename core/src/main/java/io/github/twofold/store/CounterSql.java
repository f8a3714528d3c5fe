package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.Session;

/**
 * What the counter store does differently per database, and the two statements JPA cannot say,
 * only on PostgreSQL: insert counter rows unless they exist and lock them, inside a transaction
 * that goes on ({@code on conflict}: a row another transaction is inserting is waited for), and
 * write several counters in one statement. Elsewhere counters are written one update each.
 */
final class CounterSql {

    /** How a database lets the store create counter rows. */
    enum Database {
        /** {@link #insertOrLock} in the locking transaction. */
        POSTGRES,
        /**
         * MariaDB and MySQL: in a transaction of their own. InnoDB's locking read of a missing row
         * locks the gap where it would be, so two transactions that both found rows missing and
         * then inserted them would deadlock on each other's gap.
         */
        MYSQL,
        /** The others (H2, Oracle, SQL Server): inserted in the locking transaction, with JPA. */
        OTHER
    }

    /** What a persistence unit's database is and how it reads, asked once on one of its connections. */
    private record Facts(Database database, boolean readsLatestCommitted) {
    }

    private static final Map<EntityManagerFactory, Facts> FACTS = Collections.synchronizedMap(new WeakHashMap<>());

    private CounterSql() {
    }

    private static Facts facts(EntityManager em) {
        return FACTS.computeIfAbsent(em.getEntityManagerFactory(), factory -> em.unwrap(Session.class)
                .doReturningWork(connection -> new Facts(of(connection.getMetaData().getDatabaseProductName()),
                        connection.getTransactionIsolation() <= Connection.TRANSACTION_READ_COMMITTED)));
    }

    static Database database(EntityManager em) {
        return facts(em).database();
    }

    /**
     * Whether a plain read in a transaction that is already under way sees what other transactions
     * committed since it began: at READ COMMITTED (the default of PostgreSQL, H2, Oracle and SQL
     * Server) each statement does; at REPEATABLE READ (MariaDB's and MySQL's) a read sees the
     * snapshot of the transaction's first read, older than a count this request committed a moment
     * ago in a transaction of its own.
     */
    static boolean readsLatestCommitted(EntityManager em) {
        return facts(em).readsLatestCommitted();
    }

    static Database of(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return Database.POSTGRES;
        }
        return name.contains("mysql") || name.contains("mariadb") ? Database.MYSQL : Database.OTHER;
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

    /**
     * Writes the given counters' state to their rows (locked by this transaction) in one statement
     * instead of one update per row: a send changes four or five counters. Hibernate batches its
     * updates into one round trip, but each is still a statement for the database to run.
     */
    static void updateAll(EntityManager em, List<Counter> changed) {
        StringBuilder sql = new StringBuilder("update {h-schema}TWOFOLD_COUNTER c set WINDOW_START = v.WINDOW_START, HITS = v.HITS, "
                + "PREVIOUS_HITS = v.PREVIOUS_HITS, LAST_HIT = v.LAST_HIT, EXPIRES_AT = v.EXPIRES_AT from (values ");
        for (int i = 0; i < changed.size(); i++) {
            int p = 6 * i;
            sql.append(i == 0 ? "" : ", ").append("(cast(?").append(p + 1).append(" as varchar), cast(?").append(p + 2)
                    .append(" as bigint), cast(?").append(p + 3).append(" as integer), cast(?").append(p + 4)
                    .append(" as integer), cast(?").append(p + 5).append(" as bigint), cast(?").append(p + 6).append(" as bigint))");
        }
        sql.append(") as v(ID, WINDOW_START, HITS, PREVIOUS_HITS, LAST_HIT, EXPIRES_AT) where c.ID = v.ID");
        Query update = em.createNativeQuery(sql.toString());
        for (int i = 0; i < changed.size(); i++) {
            Counter counter = changed.get(i);
            int p = 6 * i;
            update.setParameter(p + 1, counter.id());
            update.setParameter(p + 2, counter.windowStart);
            update.setParameter(p + 3, counter.hits);
            update.setParameter(p + 4, counter.previousHits);
            update.setParameter(p + 5, counter.lastHit);
            update.setParameter(p + 6, counter.expiresAt);
        }
        int written = update.executeUpdate();
        if (written != changed.size()) {
            throw new IllegalStateException("counter rows written: " + written + " of " + changed.size());
        }
    }
}

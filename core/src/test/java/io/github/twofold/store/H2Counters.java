package io.github.twofold.store;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.keycloak.connections.jpa.support.EntityManagerProxy;
import org.keycloak.models.KeycloakSession;

/**
 * Twofold's counter table in an in-memory H2 database (the database Keycloak runs on in
 * development), through Hibernate as Keycloak runs it, for tests of the store and of the limits
 * built on it. Counts the transactions it runs.
 */
public final class H2Counters implements AutoCloseable {

    /** Held, so the level stays set: a counter two callers create at once fails on the key, which Hibernate warns of. */
    private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");

    private final SessionFactory factory;
    private final AtomicInteger transactions = new AtomicInteger();

    private H2Counters(SessionFactory factory) {
        this.factory = factory;
    }

    /** A new database of the given name with an empty counter table (H2's default isolation, READ COMMITTED). */
    public static H2Counters open(String name) {
        return open(name, Connection.TRANSACTION_READ_COMMITTED);
    }

    /** As {@link #open(String)}, its connections at the given JDBC isolation level. */
    public static H2Counters open(String name, int isolation) {
        HIBERNATE.setLevel(Level.SEVERE);
        Configuration cfg = new Configuration().addAnnotatedClass(CounterEntity.class);
        cfg.setProperty("hibernate.connection.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        cfg.setProperty("hibernate.connection.username", "sa");
        cfg.setProperty("hibernate.connection.pool_size", "20");
        cfg.setProperty("hibernate.connection.isolation", Integer.toString(isolation));
        cfg.setProperty("hibernate.hbm2ddl.auto", "create");
        return new H2Counters(cfg.buildSessionFactory());
    }

    /** A request's EntityManager as Keycloak gives it (in its proxy), not yet in a transaction. */
    public EntityManager requestEntityManager() {
        return EntityManagerProxy.create(keycloakSession(), factory.createEntityManager(), false);
    }

    /**
     * One new EntityManager and transaction per job, committed, as Keycloak runs the store's jobs;
     * counted. The EntityManager is wrapped in Keycloak's own proxy, as the server's is: it turns
     * database errors into Keycloak's exceptions (a key violation into ModelDuplicateException).
     */
    public OwnTransactions transactions() {
        return new OwnTransactions() {
            @Override
            public <T> T inNewTransaction(Function<EntityManager, T> job) {
                transactions.incrementAndGet();
                return OwnTransactions.of(factory).inNewTransaction(em -> job.apply(EntityManagerProxy.create(keycloakSession(), em, false)));
            }
        };
    }

    /** Transactions run since the last call, and starts counting afresh. */
    public int transactionsSinceLastAsked() {
        return transactions.getAndSet(0);
    }

    /** The rows in the table whose id starts with {@code prefix}. */
    public long rows(String prefix) {
        return OwnTransactions.of(factory).inNewTransaction(em -> em.createQuery(
                "select count(c) from CounterEntity c where c.id like :prefix", Long.class)
                .setParameter("prefix", prefix + "%").getSingleResult());
    }

    /** The session Keycloak's proxy asks for its batch settings: their defaults. */
    private static KeycloakSession keycloakSession() {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.getAttributeOrDefault(anyString(), any())).thenAnswer(call -> call.getArgument(1));
        return session;
    }

    @Override
    public void close() {
        factory.close();
    }
}

package io.github.twofold.benchmark.limiter;

import io.github.twofold.store.CounterEntity;
import io.github.twofold.store.CounterStore;
import io.github.twofold.store.OwnTransactions;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

/**
 * Twofold's counter table in a PostgreSQL database of its own, reached through the Hibernate
 * version Keycloak ships, with no Keycloak server: the limiter's own cost, without the login
 * around it. Each transaction is a new EntityManager on a pooled connection, as in Keycloak.
 */
public final class LimiterDatabase implements AutoCloseable, OwnTransactions {

    public static final String HOST = System.getProperty("twofold.limiter.db", "127.0.0.1:5432");
    public static final String USER = System.getProperty("twofold.limiter.db.user", "postgres");
    public static final String PASSWORD = System.getProperty("twofold.limiter.db.password", "");

    /** Held, so the levels stay set: a counter two callers create at once fails on the key, which is expected. */
    private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");
    private static final Logger SQL_ERRORS = Logger.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper");

    private final SessionFactory factory;
    private final OwnTransactions transactions;

    /** Creates the database when missing and the counter table afresh; a pool of {@code connections}. */
    public LimiterDatabase(String database, int connections) {
        HIBERNATE.setLevel(Level.WARNING);
        SQL_ERRORS.setLevel(Level.OFF);
        createDatabase(database);
        Configuration cfg = new Configuration().addAnnotatedClass(CounterEntity.class);
        cfg.setProperty("hibernate.connection.url", url(database));
        cfg.setProperty("hibernate.connection.username", USER);
        cfg.setProperty("hibernate.connection.password", PASSWORD);
        cfg.setProperty("hibernate.connection.pool_size", Integer.toString(connections));
        cfg.setProperty("hibernate.hbm2ddl.auto", "create");
        cfg.setProperty("hibernate.generate_statistics", "true");
        cfg.setProperty("hibernate.connection.isolation", Integer.toString(Connection.TRANSACTION_READ_COMMITTED));
        this.factory = cfg.buildSessionFactory();
        this.transactions = OwnTransactions.of(factory);
        prefill(database);
    }

    /** Rows already in the table, as in a realm that has been running. */
    static final int PREFILLED_ROWS = 200_000;

    /**
     * Fills the new table with expired counters, adds the index Twofold's changelog creates and
     * analyses the table, as a production database would have it: PostgreSQL then plans the locking
     * read on the primary key from the start, not on the statistics of an empty table.
     */
    private static void prefill(String database) {
        try (Connection c = DriverManager.getConnection(url(database), USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("INSERT INTO twofold_counter (id, realm_id, window_start, hits, previous_hits, last_hit, expires_at) "
                    + "SELECT 'twofold:prefilled:sms-user:' || g, 'prefilled', 0, 1, 0, 0, 0 FROM generate_series(1, " + PREFILLED_ROWS + ") g");
            s.execute("CREATE INDEX idx_twofold_counter_expires ON twofold_counter (expires_at)");
            s.execute("ANALYZE twofold_counter");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prefill the counter table: " + e.getMessage(), e);
        }
    }

    /** Why PostgreSQL cannot be used here, or null when it answers. */
    public static String unavailableReason() {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL is not reachable at " + HOST + " as user " + USER + " (" + e.getMessage()
                    + "); set -Dtwofold.limiter.db=host:port";
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + "/" + database;
    }

    private static void createDatabase(String database) {
        if (!database.matches("[a-z_]+")) {
            throw new IllegalArgumentException("database name: lower-case letters and _ only");
        }
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public CounterStore store() {
        return new CounterStore(this);
    }

    @Override
    public <T> T inNewTransaction(Function<EntityManager, T> job) {
        return transactions.inNewTransaction(job);
    }

    /** Hibernate's counters: statements prepared and transactions, since the last {@link Statistics#clear()}. */
    public Statistics statistics() {
        return factory.getStatistics();
    }

    @Override
    public void close() {
        factory.close();
    }
}

package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two Keycloak nodes with the Twofold JAR sharing one PostgreSQL database: Keycloak's default
 * {@code jdbc-ping} discovery forms the Infinispan cluster, so authentication sessions, single-use
 * objects and Twofold's counters are shared exactly as in a production cluster. Both nodes use the
 * run's SMS stub. Started once per run, on first use; stopped with the run.
 *
 * <p>PostgreSQL is taken from {@code twofold.cluster.db} (default {@code 127.0.0.1:5432}, user
 * {@code postgres}, trust or the password in {@code twofold.cluster.db.password}). When it cannot be
 * reached, {@link #unavailableReason()} says why and the cluster tests are skipped with that reason.
 */
public final class Cluster implements AutoCloseable {

    public static final String HOST = System.getProperty("twofold.cluster.db", "127.0.0.1:5432");
    public static final String USER = System.getProperty("twofold.cluster.db.user", "postgres");
    public static final String PASSWORD = System.getProperty("twofold.cluster.db.password", "");
    private static final String DATABASE = "twofold_it_cluster";

    private static final List<Cluster> STARTED = new ArrayList<>();

    private final KeycloakServer a;
    private final KeycloakServer b;
    private final AdminApi admin;

    private Cluster(TestEnvironment env) {
        recreateDatabase(DATABASE);
        Path home = copyDistribution(env.workDir().resolve("keycloak-cluster"));
        a = node(env, home, "a").importRealm(TestEnvironment.REALM, Path.of(TestEnvironment.required("twofold.realm.file"))).build();
        b = node(env, home, "b").readinessRealm(TestEnvironment.REALM).build();
        // One after the other: node a creates the schema and imports the realm, node b joins.
        a.start();
        b.start();
        admin = new AdminApi(a.baseUrl());
        STARTED.add(this);
    }

    /** The run's cluster, started on first use. Call {@link #unavailableReason()} first. */
    public static synchronized Cluster get(TestEnvironment env) {
        return STARTED.isEmpty() ? new Cluster(env) : STARTED.get(0);
    }

    /** Logs of every node started in this run (for the secret scan); empty when no cluster ran. */
    public static synchronized List<String> logs() {
        return STARTED.stream().flatMap(c -> Stream.of(c.a, c.b)).map(KeycloakServer::log).toList();
    }

    public static synchronized void closeAll() {
        STARTED.forEach(Cluster::close);
        STARTED.clear();
    }

    /** Why the cluster cannot run here, or null when PostgreSQL answers. */
    public static String unavailableReason() {
        try (Connection c = connect("postgres")) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL is not reachable at " + HOST + " as user " + USER + " (" + e.getMessage()
                    + "); the two-node cluster tests need it. Set -Dtwofold.cluster.db=host:port to point them at one.";
        }
    }

    public KeycloakServer nodeA() {
        return a;
    }

    public KeycloakServer nodeB() {
        return b;
    }

    /** Admin API through node a (the realm and its users are the same on both). */
    public AdminApi admin() {
        return admin;
    }

    /** Runs SQL on the cluster's database (tests that let time pass for the counters). */
    public int sql(String statement) {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            return s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on the cluster database failed: " + statement, e);
        }
    }

    private static KeycloakServer.Builder node(TestEnvironment env, Path home, String name) {
        return TestEnvironment.withTwofold(KeycloakServer.builder(home), env.sms())
                .name("cluster-" + name)
                .workDir(env.workDir())
                .command("start-dev",
                        "--db=postgres",
                        "--db-url=jdbc:postgresql://" + HOST + "/" + DATABASE,
                        "--db-username=" + USER,
                        "--cache=ispn",
                        "--spi-cache-embedded--default--node-name=node-" + name)
                .env("KC_DB_PASSWORD", PASSWORD)
                // JGroups on loopback with a port of its own per node (the default 7800 may be taken).
                .appendJavaOpts("-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + Ports.free());
    }

    private static Connection connect(String database) throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + "/" + database, USER, PASSWORD);
    }

    /** Drops (with its connections) and creates a database on the machine's PostgreSQL. */
    public static void recreateDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.executeUpdate("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.executeUpdate("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + database, e);
        }
    }

    /**
     * The nodes need a distribution of their own: Keycloak re-augments a distribution whose build
     * options change, and the main server's uses another database.
     */
    public static Path copyDistribution(Path target) {
        return copyDistribution(Path.of(TestEnvironment.required("twofold.keycloak.home")), target);
    }

    /**
     * A copy of the distribution at {@code source}, without what a server left there (its providers
     * and data: each copy gets the JARs and realms it is started with).
     */
    public static Path copyDistribution(Path source, Path target) {
        try {
            if (Files.exists(target.resolve("bin/kc.sh"))) {
                return target;
            }
            try (Stream<Path> files = Files.walk(source)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    String relative = source.relativize(from).toString();
                    if (relative.startsWith("providers/") || relative.startsWith("data/")) {
                        continue;
                    }
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the Keycloak distribution for the cluster", e);
        }
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }
}

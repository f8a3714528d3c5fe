package io.github.twofold.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Keycloak node with the Twofold JAR on a fresh MariaDB database (the machine's server at
 * {@code twofold.mariadb}, default {@code 127.0.0.1:3306}, user root without a password): the
 * counters' row locks and the used-code primary keys behave differently on MariaDB than on H2 and
 * PostgreSQL. Runs from a copy of the distribution of its own (Keycloak re-augments a distribution
 * whose database changes). Started once per run, on first use.
 */
public final class MariaDbNode implements AutoCloseable {

    private static final String HOST = System.getProperty("twofold.mariadb", "127.0.0.1:3306");
    private static final String DATABASE = "twofold_it_maria";
    private static final List<MariaDbNode> STARTED = new ArrayList<>();

    private final KeycloakServer server;
    private final AdminApi admin;

    private MariaDbNode(TestEnvironment env) {
        sql("DROP DATABASE IF EXISTS " + DATABASE + "; CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;");
        Path home = Cluster.copyDistribution(env.workDir().resolve("keycloak-mariadb"));
        server = TestEnvironment.withTwofold(KeycloakServer.builder(home), env.sms())
                .name("mariadb")
                .workDir(env.workDir())
                .command("start-dev", "--db=mariadb", "--db-url=jdbc:mariadb://" + HOST + "/" + DATABASE, "--db-username=root")
                .env("KC_DB_PASSWORD", "")
                .importRealm(TestEnvironment.REALM, Path.of(TestEnvironment.required("twofold.realm.file")))
                .build()
                .start();
        admin = new AdminApi(server.baseUrl());
        STARTED.add(this);
    }

    public static synchronized MariaDbNode get(TestEnvironment env) {
        return STARTED.isEmpty() ? new MariaDbNode(env) : STARTED.get(0);
    }

    public static synchronized List<String> logs() {
        return STARTED.stream().map(n -> n.server.log()).toList();
    }

    public static synchronized void closeAll() {
        STARTED.forEach(MariaDbNode::close);
        STARTED.clear();
    }

    /** Why MariaDB cannot be used here, or null. */
    public static String unavailableReason() {
        try {
            sql("SELECT 1;");
            return null;
        } catch (IllegalStateException e) {
            return "MariaDB is not reachable at " + HOST + " as root without a password (" + e.getMessage()
                    + "); the MariaDB tests need it. Set -Dtwofold.mariadb=host:port to point them at one.";
        }
    }

    public KeycloakServer server() {
        return server;
    }

    public AdminApi admin() {
        return admin;
    }

    /** Runs SQL through the mysql client (no JDBC driver needed in the tests). */
    private static void sql(String statements) {
        String[] hostPort = HOST.split(":");
        try {
            Process p = new ProcessBuilder("mysql", "-h", hostPort[0], "-P", hostPort.length > 1 ? hostPort[1] : "3306", "-u", "root",
                    "--connect-timeout=5", "-e", statements).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(out.isBlank() ? "mysql client failed" : out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("no mysql client: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

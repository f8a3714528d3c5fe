package io.github.twofold.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.testsupport.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak with today's Twofold JAR on a database an earlier Twofold wrote: the stored-data
 * fixture ({@code src/test/resources/upgrade}) restored into a fresh PostgreSQL database
 * {@code twofold_it_upgrade}. Keycloak and Twofold migrate it at start, as in an upgrade.
 * Started once per run, in the background ({@link OtherServer#UPGRADED}) or on first use; has the
 * tests' clock (the recorded counters are tested at the time they were recorded).
 */
public final class UpgradedServer {

    public static final String DATABASE = "twofold_it_upgrade";
    /** The fixture's name: {@code <name>.sql.gz} (the database dump) and {@code <name>.json} (what is in it). */
    private static final String FIXTURE = "stored-data-format-1";
    private static final List<UpgradedServer> STARTED = new ArrayList<>();

    private final KeycloakServer server;
    private final AdminApi admin;

    private UpgradedServer(TestEnvironment env, Path dump, String realm) {
        StoredData.restore(dump, DATABASE);
        Path home = Cluster.copyDistribution(env.workDir().resolve("keycloak-upgrade"));
        server = TestEnvironment.withTwofold(KeycloakServer.builder(home), env.sms())
                .name("upgrade")
                .workDir(env.workDir())
                .command("start-dev", "--db=postgres", "--db-url=jdbc:postgresql://" + Cluster.HOST + "/" + DATABASE,
                        "--db-username=" + Cluster.USER)
                .env("KC_DB_PASSWORD", Cluster.PASSWORD)
                .readinessRealm(realm)
                .build()
                .start();
        admin = new AdminApi(server.baseUrl());
        STARTED.add(this);
    }

    /** The run's upgraded server, on the stored-data fixture. */
    public static synchronized UpgradedServer get(TestEnvironment env) {
        return STARTED.isEmpty() ? new UpgradedServer(env, fixtureDir().resolve(FIXTURE + ".sql.gz"), fixture().path("realm").asText())
                : STARTED.get(0);
    }

    /** What the fixture holds: its realm, users, codes and the time it was recorded. */
    public static JsonNode fixture() {
        try {
            return Json.parse(Files.readString(fixtureDir().resolve(FIXTURE + ".json")));
        } catch (IOException e) {
            throw new IllegalStateException("the stored-data fixture is missing", e);
        }
    }

    private static Path fixtureDir() {
        return Path.of(TestEnvironment.required("twofold.project.root"), "integration-tests/src/test/resources/upgrade");
    }

    public static synchronized List<String> logs() {
        return STARTED.stream().map(s -> s.server.log()).toList();
    }

    public static synchronized void closeAll() {
        STARTED.forEach(s -> s.server.close());
        STARTED.clear();
    }

    public KeycloakServer server() {
        return server;
    }

    public AdminApi admin() {
        return admin;
    }

    public TestClock clock() {
        return new TestClock(server.baseUrl(), false);
    }
}

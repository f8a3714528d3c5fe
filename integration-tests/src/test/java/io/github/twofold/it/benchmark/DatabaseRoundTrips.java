package io.github.twofold.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many SQL statements (each one a round trip to the database) one sign-in costs: password +
 * Twofold SMS code against password + Keycloak's authenticator app, on PostgreSQL, read from the
 * server's statement log ({@code log_statement = all} for the measured database only). A
 * measurement, not part of the suite (the name does not end in IT):
 *
 * <pre>
 * ./mvnw verify -pl integration-tests -Dit.test=DatabaseRoundTrips -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtwofold.pg.log=/var/log/postgresql/postgresql-15-main.log
 * </pre>
 *
 * Writes {@code target/benchmark/db-round-trips.md}; docs/BENCHMARKS.md keeps the last result.
 */
@TwofoldTest
class DatabaseRoundTrips {

    private static final String DATABASE = "twofold_it_trips";
    private static final int ROUNDS = 5;

    @Test
    void measure(TestEnvironment env) throws Exception {
        Databases.assumeAvailable(Cluster.unavailableReason(), "DatabaseRoundTrips");
        Path pgLog = Path.of(System.getProperty("twofold.pg.log", "/var/log/postgresql/postgresql-15-main.log"));
        assertThat(pgLog).as("PostgreSQL's log (-Dtwofold.pg.log)").isReadable();
        Cluster.recreateDatabase(DATABASE);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + Cluster.HOST + "/postgres", Cluster.USER, Cluster.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + DATABASE + " SET log_statement = 'all'");
        }
        KeycloakServer server = TestEnvironment.withTwofold(KeycloakServer.builder(Cluster.copyDistribution(env.workDir().resolve("keycloak-trips"))), env.sms())
                .name("trips")
                .workDir(env.workDir())
                // the recovery timer at its default (every 5 minutes), not the suite's every 2 s: its scan is no sign-in's statement
                .withoutOption("--spi-credential--twofold-recovery--check-interval-seconds")
                .command("start-dev", "--db=postgres", "--db-url=jdbc:postgresql://" + Cluster.HOST + "/" + DATABASE, "--db-username=" + Cluster.USER)
                .env("KC_DB_PASSWORD", Cluster.PASSWORD)
                .importRealm(TestEnvironment.REALM, Path.of(TestEnvironment.required("twofold.realm.file")))
                .build()
                .start();
        Map<String, List<Integer>> counts = new LinkedHashMap<>();
        try {
            var admin = new io.github.twofold.it.harness.AdminApi(server.baseUrl());
            OidcClient oidc = env.oidc(server.baseUrl(), TestEnvironment.REALM);
            for (int round = 0; round <= ROUNDS; round++) {
                TestUser sms = env.newUserWithPhone(admin, TestEnvironment.REALM, "trips-sms");
                int smsCount = statements(pgLog, () -> {
                    HttpLogin login = env.httpLogin();
                    OidcClient.AuthRequest request = oidc.authRequest();
                    HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), sms);
                    page = declineTrust(login, LoginPages.code(login, page, env.sms().awaitCode(sms.phone(), 1)));
                    assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
                    request.exchange(page.url());
                });
                String secret = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                TestUser otpUser = env.newUser(admin, TestEnvironment.REALM, "trips-otp", Map.of("credentials", List.of(Totp.credential(secret))));
                int otpCount = statements(pgLog, () -> {
                    HttpLogin login = env.httpLogin();
                    OidcClient.AuthRequest request = oidc.authRequest();
                    HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), otpUser);
                    page = declineTrust(login, login.submit(page, "kc-otp-login-form", Map.of("otp", Totp.code(secret))));
                    assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
                    request.exchange(page.url());
                });
                if (round > 0) { // round 0 warms the caches
                    counts.computeIfAbsent("Password + Twofold SMS code", k -> new ArrayList<>()).add(smsCount);
                    counts.computeIfAbsent("Password + Keycloak authenticator app (OTP)", k -> new ArrayList<>()).add(otpCount);
                }
            }
        } finally {
            server.close();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + Cluster.HOST + "/postgres", Cluster.USER, Cluster.PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + DATABASE + " RESET log_statement");
            }
        }
        StringBuilder report = new StringBuilder("| Sign-in (authorization code, through the token) | SQL statements per sign-in (min / median / max of "
                + ROUNDS + ") |\n| --- | --- |\n");
        counts.forEach((flow, n) -> {
            List<Integer> sorted = n.stream().sorted().toList();
            report.append("| ").append(flow).append(" | ").append(sorted.get(0)).append(" / ").append(sorted.get(sorted.size() / 2))
                    .append(" / ").append(sorted.get(sorted.size() - 1)).append(" |\n");
        });
        Path out = Path.of(TestEnvironment.required("twofold.work.dir")).getParent().resolve("benchmark/db-round-trips.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        // which statements: the last SMS and OTP sign-in, one per line, to see where they go
        Files.write(out.resolveSibling("db-statements-sms.txt"), LAST.getOrDefault(0, List.of()));
        Files.write(out.resolveSibling("db-statements-otp.txt"), LAST.getOrDefault(1, List.of()));
        System.out.println("[twofold-it] database round trips:\n" + report);
    }

    /** The demo realm offers "Trust this browser?" after a second factor: "Not now", as most sign-ins would answer. */
    private static HttpLogin.Page declineTrust(HttpLogin login, HttpLogin.Page page) {
        return page.document().getElementById("kc-twofold-trust-offer-form") == null ? page
                : login.submit(page, "kc-twofold-trust-offer-form", Map.of("notNow", "true"));
    }

    /** The statements of the last sign-in measured, by flow, for {@code db-statements-<flow>.txt}. */
    private static final Map<Integer, List<String>> LAST = new LinkedHashMap<>();
    private static int measured;

    /** The statements the measured database logged while {@code signIn} ran (its own connections only). */
    private static int statements(Path pgLog, Runnable signIn) throws IOException, InterruptedException {
        long from = Files.size(pgLog);
        signIn.run();
        Thread.sleep(500); // the server writes its log asynchronously; this is not a timed measurement
        byte[] added;
        try (RandomAccessFile file = new RandomAccessFile(pgLog.toFile(), "r")) {
            file.seek(from);
            added = new byte[(int) (file.length() - from)];
            file.readFully(added);
        }
        List<String> logged = new ArrayList<>();
        for (String line : new String(added, StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("@" + DATABASE + " ") && (line.contains("LOG:  statement: ") || line.contains("LOG:  execute "))) {
                logged.add(line.substring(line.indexOf("LOG:  ") + 6));
            }
        }
        LAST.put(measured++ % 2, logged); // SMS, then OTP, in every round
        return logged.size();
    }
}

package io.github.twofold.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.UpgradedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Today's Twofold on the data an earlier Twofold stored (the fixture {@code stored-data-format-1},
 * recorded by {@link StoredDataRecorder} with the JAR of that time): the users, credentials,
 * counters and grants it wrote still work exactly as they did. A change that cannot read them,
 * or forgets a schema change, fails here.
 */
@TwofoldTest(otherServers = OtherServer.UPGRADED, mainServer = false)
class StoredDataIT {

    private static JsonNode fixture() {
        return UpgradedServer.fixture();
    }

    @BeforeEach
    void needsPostgres() {
        Databases.assumeAvailable(Cluster.unavailableReason(), "StoredDataIT");
    }

    private static UpgradedServer server(TestEnvironment env) {
        return UpgradedServer.get(env);
    }

    private static OidcClient oidc(TestEnvironment env) {
        return env.oidc(server(env).server().baseUrl(), fixture().path("realm").asText());
    }

    private static TestUser user(String key) {
        JsonNode u = fixture().path(key);
        String phone = u.hasNonNull("phone") ? u.path("phone").asText() : null;
        return new TestUser(fixture().path("realm").asText(), u.path("id").asText(), u.path("username").asText(), u.path("password").asText(),
                null, phone, null);
    }

    @Test
    void aPhoneSetUpBeforeGetsItsCodeAndLevelTwo(TestEnvironment env) {
        TestUser user = user("phoneUser");
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = oidc(env).authRequest();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(oidc(env).redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "sms", "mfa");
    }

    @Test
    void aBackupCodeUsedBeforeStaysUsedAndAnUnusedOneWorks(TestEnvironment env) {
        TestUser user = user("backupUser");
        String used = fixture().path("backupUser").path("usedCode").asText();
        String unused = fixture().path("backupUser").path("unusedCode").asText();
        SecretScanner.get().register("backup code", used);
        SecretScanner.get().register("backup code", unused);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc(env).authRequest().url()), user);
        assertThat(LoginPages.backupCode(login, page, used).errorText()).contains("This backup code was already used.");

        HttpLogin again = env.httpLogin();
        page = LoginPages.backupCode(again, LoginPages.password(again, again.open(oidc(env).authRequest().url()), user), unused);
        assertThat(page.document().text()).contains("8 of 10 backup codes left.");
    }

    @Test
    void theSmsCountersRecordedStillHoldAndExpireOnTime(TestEnvironment env) {
        TestUser user = user("budgetUser");
        long recordedAt = fixture().path("recordedAt").asLong();
        try (TestClock clock = server(env).clock()) {
            clock.at(recordedAt + 120);
            HttpLogin refused = env.httpLogin();
            assertThat(LoginPages.password(refused, refused.open(oidc(env).authRequest().url()), user).errorText())
                    .as("the user's hourly budget, spent when the data was recorded").contains("Too many codes requested");
            int before = env.sms().messagesTo(user.phone()).size();

            clock.at(recordedAt + 3700);
            HttpLogin later = env.httpLogin();
            assertThat(LoginPages.password(later, later.open(oidc(env).authRequest().url()), user).document().text())
                    .as("an hour later").contains("We sent a 6-digit code");
            assertThat(env.sms().messagesTo(user.phone())).hasSize(before + 1);
        }
    }

    @Test
    void anEmergencyGrantIssuedBeforeSignsInWithinItsLifetime(TestEnvironment env) {
        TestUser user = user("emergencyUser");
        String code = fixture().path("emergencyUser").path("code").asText();
        SecretScanner.get().register("emergency code", code);
        SecretScanner.get().register("emergency code", code.replace("-", ""));
        try (TestClock clock = server(env).clock()) {
            clock.at(fixture().path("recordedAt").asLong() + 60);
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(oidc(env).authRequest().url()), user);
            page = login.submit(page, "kc-twofold-emergency-form", Map.of("code", code, "login", "true"));
            assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(page.document().text()).isNotNull();
        }
    }

    @Test
    void theSchemaHasEveryColumnTheEntitiesMapAndEveryChangeSetRan(TestEnvironment env) throws Exception {
        server(env);
        Path changelog = Path.of(TestEnvironment.required("twofold.project.root"), "core/src/main/resources/META-INF/twofold-changelog.xml");
        List<String> changeSets = new ArrayList<>();
        Matcher m = Pattern.compile("<changeSet[^>]*\\bid=\"([^\"]+)\"").matcher(Files.readString(changelog));
        while (m.find()) {
            changeSets.add(m.group(1));
        }
        assertThat(changeSets).isNotEmpty();
        List<String> columns = new ArrayList<>();
        List<Path> entities;
        try (var files = Files.walk(Path.of(TestEnvironment.required("twofold.project.root"), "core/src/main/java"))) {
            entities = files.filter(f -> f.getFileName().toString().endsWith("Entity.java")).toList();
        }
        assertThat(entities).as("Twofold's JPA entities").hasSizeGreaterThanOrEqualTo(2);
        for (Path entity : entities) {
            String source = Files.readString(entity);
            Matcher table = Pattern.compile("@Table\\(name = \"([A-Z_]+)\"").matcher(source);
            assertThat(table.find()).isTrue();
            Matcher column = Pattern.compile("@Column\\(name = \"([A-Z_]+)\"").matcher(source);
            while (column.find()) {
                columns.add(table.group(1).toLowerCase() + "." + column.group(1).toLowerCase());
            }
        }
        assertThat(columns).hasSizeGreaterThan(5);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + Cluster.HOST + "/" + UpgradedServer.DATABASE, Cluster.USER, Cluster.PASSWORD);
                Statement s = c.createStatement()) {
            List<String> ran = new ArrayList<>();
            // Keycloak keeps an extension's change sets in a changelog table of its own (databasechangelog_<provider>)
            String table;
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'databasechangelog_twofold%'")) {
                assertThat(rs.next()).as("Twofold's changelog table").isTrue();
                table = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " WHERE author = 'twofold'")) {
                while (rs.next()) {
                    ran.add(rs.getString(1));
                }
            }
            assertThat(ran).as("every Twofold change set ran on the upgraded database").containsAll(changeSets);
            List<String> present = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_name LIKE 'twofold_%'")) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            assertThat(present).as("a column an entity maps but no change set created").containsAll(columns);
        }
    }
}

package io.github.twofold.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.StoredData;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records the stored-data fixture that {@link StoredDataIT} loads on every run. NOT part of the
 * suite (the name does not end in IT); run it by hand when the stored data of a release is to be
 * kept, with the JAR of that release:
 *
 * <pre>
 * ./mvnw verify -pl integration-tests -Dit.test=StoredDataRecorder -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtwofold.record.jar=/path/to/twofold-keycloak.jar -Dtwofold.record.name=stored-data-format-1
 * </pre>
 *
 * It starts that JAR on a fresh PostgreSQL database, creates through the pages and REST APIs what
 * users accumulate (a phone set up, backup codes with one used, SMS counters at their limit, an
 * emergency grant), and writes {@code <name>.sql.gz} (pg_dump) and {@code <name>.json} (what the
 * test needs to know: users, passwords, codes, when it was recorded) into
 * {@code src/test/resources/upgrade}. The codes are test data of a throw-away database.
 */
@TwofoldTest
class StoredDataRecorder {

    private static final String DATABASE = "twofold_it_record";

    @Test
    void record(TestEnvironment env) throws IOException {
        String name = System.getProperty("twofold.record.name", "stored-data-format-1");
        Path jar = Path.of(System.getProperty("twofold.record.jar", TestEnvironment.required("twofold.provider.jar")));
        Path target = Path.of(TestEnvironment.required("twofold.project.root"), "integration-tests/src/test/resources/upgrade");
        Cluster.recreateDatabase(DATABASE);
        KeycloakServer server = TestEnvironment.withTwofold(KeycloakServer.builder(Cluster.copyDistribution(env.workDir().resolve("keycloak-record"))), env.sms())
                .providerJar(jar)
                .name("record")
                .workDir(env.workDir())
                .command("start-dev", "--db=postgres", "--db-url=jdbc:postgresql://" + Cluster.HOST + "/" + DATABASE, "--db-username=" + Cluster.USER)
                .env("KC_DB_PASSWORD", Cluster.PASSWORD)
                .build()
                .start();
        ObjectNode fixture = Json.object();
        try {
            AdminApi admin = new AdminApi(server.baseUrl());
            String realm = TestEnvironment.realmWithPolicy(admin, "stored", Map.of("smsPerUserPerHour", "2"), Map.of("quickLoginCheckMilliSeconds", 1));
            OidcClient oidc = env.oidc(server.baseUrl(), realm);
            fixture.put("recordedAt", System.currentTimeMillis() / 1000);
            fixture.put("jar", jar.getFileName().toString());
            fixture.put("realm", realm);

            // a phone set up through Twofold's page (what Twofold itself writes)
            TestUser phoneUser = env.newUser(admin, realm, "stored-phone", Map.of());
            String phone = Phones.random();
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), phoneUser);
            page = LoginPages.phone(login, page, phone);
            page = LoginPages.verifyPhone(login, page, env.sms().awaitMessage(phone, 1).code());
            if (page.document().getElementById(LoginPages.BACKUP_CODES_FORM) != null) {
                page = LoginPages.confirmBackupCodes(login, page);
            }
            assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
            fixture.set("phoneUser", user(phoneUser, phone));

            // backup codes, one of them used
            TestUser backupUser = env.newUser(admin, realm, "stored-backup", Map.of());
            List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), oidc, backupUser);
            HttpLogin backupLogin = env.httpLogin();
            page = LoginPages.backupCode(backupLogin, LoginPages.password(backupLogin, backupLogin.open(oidc.authRequest().url()), backupUser), codes.get(0));
            assertThat(page.document().text()).contains("9 of 10 backup codes left.");
            fixture.set("backupUser", user(backupUser, null).put("usedCode", codes.get(0)).put("unusedCode", codes.get(1)));

            // SMS counters at the user's hourly limit (2)
            TestUser budgetUser = env.newUserWithPhone(admin, realm, "stored-budget");
            for (int i = 0; i < 2; i++) {
                HttpLogin sms = env.httpLogin();
                assertThat(LoginPages.password(sms, sms.open(oidc.authRequest().url()), budgetUser).document().text()).contains("We sent a 6-digit code");
            }
            HttpLogin refused = env.httpLogin();
            assertThat(LoginPages.password(refused, refused.open(oidc.authRequest().url()), budgetUser).errorText()).contains("Too many codes requested");
            fixture.set("budgetUser", user(budgetUser, budgetUser.phone()));

            // an emergency grant, issued by a help-desk admin
            TestUser emergencyUser = env.newUserWithPhone(admin, realm, "stored-emergency");
            TestUser helpDesk = env.newUser(admin, realm, "stored-helpdesk", Map.of());
            admin.assignClientRoles(realm, helpDesk.id(), "realm-management", "view-users", "manage-users", "twofold-emergency-access");
            String code = admin.as(realm, helpDesk.username(), helpDesk.password())
                    .post("/admin/realms/" + realm + "/twofold-emergency-access/users/" + emergencyUser.id(),
                            Map.of("reason", "recorded for the upgrade test", "lifetimeMinutes", 60))
                    .expect(201).json().path("code").asText();
            fixture.set("emergencyUser", user(emergencyUser, emergencyUser.phone()).put("code", code));
        } finally {
            server.close();
        }
        StoredData.dump(DATABASE, target.resolve(name + ".sql.gz"));
        Files.writeString(target.resolve(name + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(fixture) + "\n");
        System.out.println("[twofold-it] recorded " + target.resolve(name + ".sql.gz"));
    }

    private static ObjectNode user(TestUser user, String phone) {
        ObjectNode node = Json.object();
        node.put("id", user.id()).put("username", user.username()).put("password", user.password());
        if (phone != null) {
            node.put("phone", phone);
        }
        return node;
    }
}

package io.github.twofold.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code twofold-audit} JSON log and the {@code twofold-metrics} counters, against the real server (issue: audit). */
@TwofoldTest
class AuditIT {

    /** A line the twofold-audit listener wrote: Keycloak's log prefix, our category, then the JSON. */
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} [\\d:,]+ INFO  \\[io\\.github\\.twofold\\.audit\\] \\([^)]*\\) \\{.*");

    /** A realm whose event listeners include twofold-audit. */
    private static String auditedRealm(TestEnvironment env, String prefix, String... listeners) {
        String realm = env.realmWithPolicy(prefix, Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        env.admin().put("/admin/realms/" + realm + "/events/config",
                Map.of("eventsEnabled", true, "eventsListeners", List.of(listeners))).expect(204);
        return realm;
    }

    private static java.util.stream.Stream<String> ourLines(TestEnvironment env) {
        return env.server().log().lines().filter(l -> OURS.matcher(l).matches());
    }

    /** The audit records the server wrote for a realm, parsed. */
    private static List<JsonNode> records(TestEnvironment env, String realm) {
        return ourLines(env)
                .map(l -> Json.parse(l.substring(l.indexOf(") {") + 2)))
                .filter(r -> realm.equals(r.path("realm").asText()))
                .toList();
    }

    @Test
    void everyEventOfAnSmsLoginIsOneJsonLineWithTwofoldDetailsAndNoSecret(TestEnvironment env) {
        String realm = auditedRealm(env, "audit", "jboss-logging", "twofold-audit");
        TestUser user = env.newUserWithPhone(realm, "audit");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, page, code.equals("000000") ? "111111" : "000000");
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();

        List<JsonNode> mine = records(env, realm).stream().filter(r -> user.id().equals(r.path("userId").asText())).toList();
        assertThat(mine).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("CUSTOM_REQUIRED_ACTION");
            assertThat(r.path("details").path("twofold_event").asText()).isEqualTo("sms_sent");
            assertThat(r.path("details").path("twofold_phone").asText()).matches("\\+49\\*+\\d{4}");
        });
        assertThat(mine).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("LOGIN_ERROR");
            assertThat(r.path("outcome").asText()).isEqualTo("error");
            assertThat(r.path("details").path("twofold_reason").asText()).isEqualTo("wrong_code");
        });
        assertThat(mine).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("LOGIN");
            assertThat(r.path("details").path("twofold_method").asText()).isEqualTo("sms");
            assertThat(r.path("client").asText()).isEqualTo("demo-app");
            assertThat(r.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(r.path("time").asText()).endsWith("Z");
            assertThat(r.path("session").asText()).hasSize(16);
        });
        String all = mine.toString();
        assertThat(all).doesNotContain(code).doesNotContain(user.phone()).doesNotContain(user.phone().substring(1));
    }

    @Test
    void aUsernameWithLineBreaksAndEscapesBecomesOneEncodedLine(TestEnvironment env) {
        // Only our listener: Keycloak's own jboss-logging listener writes a typed username's line
        // breaks as they are, which would put forged-looking lines into this log by itself.
        String realm = auditedRealm(env, "audit-inject", "twofold-audit");
        String marker = "inject" + System.nanoTime();
        String evil = marker + "\r\n2026-01-01 00:00:00,000 INFO  [io.github.twofold.audit] {\"type\":\"LOGIN\"}\u001b[31m";
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = login.open(env.oidc(realm).authRequest().url());
        login.submit(page, LoginPages.PASSWORD_FORM, Map.of("username", evil, "password", "wrong"));

        List<String> lines = env.server().log().lines().filter(l -> l.contains(marker)).toList();
        assertThat(lines).as("one audit line for the attempt").hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\u001b");
        assertThat(lines.get(0)).matches(OURS);
        JsonNode record = Json.parse(lines.get(0).substring(lines.get(0).indexOf(") {") + 2));
        assertThat(record.path("type").asText()).isEqualTo("LOGIN_ERROR");
        assertThat(record.path("details").path("username").asText()).as("kept, encoded").isEqualTo(evil);
        assertThat(env.server().log().lines().filter(l -> l.startsWith("2026-01-01 00:00:00,000"))).as("no forged line").isEmpty();
    }

    @Test
    void metricsCountSmsSentAndCodesChecked(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("metrics", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "metrics");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        LoginPages.code(login, page, code);

        String metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(env.server().managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("twofold_sms_sent_total\\{[^}]*calling_code=\"49\"[^}]*gateway=\"twilio\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("twofold_codes_total\\{[^}]*method=\"sms\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
        assertThat(metrics).doesNotContain(user.id()).doesNotContain(user.phone().substring(1));
    }

    @Test
    void anAdminRemovingAUsersPhoneIsAnAuditedAdminEventWithoutTheNumber(TestEnvironment env) {
        String realm = auditedRealm(env, "audit-reset", "jboss-logging", "twofold-audit");
        TestUser user = env.newUserWithPhone(realm, "audit-reset");
        String credential = credentialId(env, realm, user, "twofold-sms");
        env.admin().delete("/admin/realms/" + realm + "/users/" + user.id() + "/credentials/" + credential).expect(204);

        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("twofold-sms");
        JsonNode audit = records(env, realm).stream()
                .filter(r -> ("users/" + user.id() + "/credentials/" + credential).equals(r.path("resourcePath").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no audit record of the removal in " + records(env, realm)));
        assertThat(audit.toString()).contains("ACTION").doesNotContain(user.phone()).doesNotContain(user.phone().substring(3));
    }

    private static String credentialId(TestEnvironment env, String realm, TestUser user, String type) {
        for (JsonNode c : env.admin().credentials(realm, user.id())) {
            if (c.path("type").asText().equals(type)) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError(user.username() + " has no " + type);
    }
}

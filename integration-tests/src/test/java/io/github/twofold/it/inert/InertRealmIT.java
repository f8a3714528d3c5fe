package io.github.twofold.it.inert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Installing the JAR changes nothing in a realm that does not use Twofold (no Twofold policy, no
 * Twofold step in its flows): such a realm behaves as stock Keycloak for removing credentials,
 * e-mails, roles, events and the account console's list.
 */
@TwofoldTest
class InertRealmIT {

    @Test
    void aRealmWithoutTwofoldBehavesAsStockKeycloak(TestEnvironment env) {
        try (SmtpStub smtp = new SmtpStub()) {
            String realm = Names.unique("plain", 8);
            env.admin().post("/admin/realms", Map.of("realm", realm, "enabled", true, "eventsEnabled", true,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "keycloak@plain.test"))).expect(201);
            env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "plain-app", "publicClient", true,
                    "redirectUris", List.of("http://127.0.0.1/callback"), "attributes", Map.of("pkce.code.challenge.method", "S256"))).expect(201);
            String management = env.admin().clientUuid(realm, "realm-management");
            assertThat(env.admin().get("/admin/realms/" + realm + "/clients/" + management + "/roles/twofold-emergency-access").status())
                    .as("no Twofold role").isEqualTo(404);

            // a user whose only second factor is Keycloak's authenticator app
            String secret = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            TestUser user = env.newUser(realm, "plain", Map.of("credentials", List.of(Totp.credential(secret))));
            OidcClient app = env.client(realm, "plain-app");
            OidcClient.AuthRequest request = app.authRequest();
            HttpLogin browser = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
            page = browser.submit(page, "kc-otp-login-form", Map.of("otp", Totp.code(secret), "login", "true"));
            assertThat(page.isCallback(app.redirectUri())).as(page.document().text()).isTrue();
            OidcClient.Tokens tokens = request.exchange(page.url());

            // the account console's list has no Twofold types
            AccountApi.Response listed = env.accountApi(realm).credentials(tokens.accessToken());
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.body()).contains("\"otp\"").doesNotContain("twofold");

            // Keycloak's own removal: the only factor may go, as stock Keycloak allows
            String otp = StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                    .filter(c -> c.path("type").asText().equals("otp")).findFirst().orElseThrow().path("id").asText();
            HttpLogin.Page confirm = browser.open(app.authRequest(Map.of("kc_action", "delete_credential:" + otp)).url());
            assertThat(confirm.document().getElementById("kc-accept")).as(confirm.document().text()).isNotNull();
            HttpLogin.Page done = browser.submit(confirm, null, Map.of("accept", ""));
            assertThat(done.isCallback(app.redirectUri())).as(done.document().text()).isTrue();
            assertThat(env.admin().credentialTypes(realm, user.id())).containsExactly("password");

            // nothing of Twofold's: no security e-mail (sent before the response, were it sent), no Twofold event detail
            assertThat(smtp.mails()).isEmpty();
            assertThat(env.admin().userEvents(realm, user.id()).toString()).doesNotContain("twofold_");
        }
    }
}

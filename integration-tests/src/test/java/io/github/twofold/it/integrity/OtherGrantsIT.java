package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.HttpLogin;
import io.github.twofold.it.harness.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grants besides the browser's code and the password: each gives tokens for a session whose
 * sign-in ran Twofold's second step and its checks after sign-in, and none gives a level or
 * {@code amr} the session did not earn.
 */
@TwofoldTest
class OtherGrantsIT {

    /** Standard token exchange: a service exchanges the user's token for one of its own, on the same checked session. */
    @Test
    void aTokenExchangedForAnotherServiceKeepsTheSessionsVerifiedFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("grant-exchange", Map.of());
        String clients = "/admin/realms/" + realm + "/clients";
        env.admin().post(clients, Map.of("clientId", "orders-api", "publicClient", false, "secret", "orders-api-secret-4711",
                "standardFlowEnabled", false, "attributes", Map.of("standard.token.exchange.enabled", "true"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "twofold-amr-mapper",
                        "config", Map.of("access.token.claim", "true"))))).expect(201);
        String demoApp = env.admin().clientUuid(realm, "demo-app");
        env.admin().post(clients + "/" + demoApp + "/protocol-mappers/models", Map.of("name", "orders audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "orders-api", "access.token.claim", "true")))
                .expect(201);
        TestUser user = env.newUserWithPhone(realm, "grant-exchange");
        String subject = SignIns.withSms(env, realm, user, 1).tokens().accessToken();

        OidcClient.Tokens exchanged = env.client(realm, "orders-api").token(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "client_id", "orders-api",
                "client_secret", "orders-api-secret-4711", "subject_token", subject,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertThat(exchanged.accessClaims().path("azp").asText()).isEqualTo("orders-api");
        assertThat(exchanged.amr()).contains("sms", "mfa");
    }

    /** The device grant (a TV, a command line): the person signs in in a browser with the second factor; the device polls for the tokens. */
    @Test
    void aDeviceGetsTokensOnceThePersonSignedInWithTheSecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("grant-device", Map.of());
        env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "tv-app", "publicClient", true, "standardFlowEnabled", false,
                "attributes", Map.of("oauth2.device.authorization.grant.enabled", "true"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "twofold-amr-mapper",
                        "config", Map.of("access.token.claim", "true"))))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "grant-device");
        OidcClient tv = env.client(realm, "tv-app");
        HttpResponse<String> started = tv.post("/protocol/openid-connect/auth/device", Map.of("client_id", "tv-app", "scope", "openid"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode device = Json.parse(started.body());
        Map<String, String> poll = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", "tv-app",
                "device_code", device.path("device_code").asText());

        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(device.path("verification_uri_complete").asText()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as("the second step: " + page.document().text()).isNotNull();
        page = LoginPages.code(browser, page, env.sms().awaitCode(user.phone(), 1));
        if (page.document().select("input[name=accept], button[name=accept]").size() > 0) {
            page = browser.submit(page, null, Map.of("accept", "Yes")); // Keycloak asks the person to grant the device access
        }
        assertThat(page.status()).as(page.document().text()).isEqualTo(200);

        // one poll, after the sign-in: Keycloak answers a second poll within its interval (5 s, real time) with slow_down
        OidcClient.Tokens tokens = tv.token(poll);
        assertThat(tokens.amr()).contains("sms", "mfa");
    }
}

package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.CallbackServer;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Names;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A backchannel (CIBA) sign-in: the person approves on a device, through an authentication channel
 * Twofold never sees, so no Twofold check runs for its session. In a realm that uses Twofold the
 * approved request gets no token; a realm without Twofold on the same server gets one, which shows
 * the channel itself works. Run on each Keycloak the suite starts (the token hook differs).
 */
public final class BackchannelSignIns {

    private BackchannelSignIns() {
    }

    /** The scenario against any server of the run (the production smoke runs it on 26.4.7, which has no token hook). */
    public static void noTokenInARealmThatUsesTwofold(TestEnvironment env, AdminApi admin, String baseUrl) {
        String plain = Names.unique("grant-ciba-plain", 8);
        admin.post("/admin/realms", Map.of("realm", plain, "enabled", true)).expect(201);
        HttpResponse<String> withoutTwofold = approvedBackchannelSignIn(env, admin, baseUrl, plain);
        assertThat(withoutTwofold.statusCode()).as(withoutTwofold.body()).isEqualTo(200);
        assertThat(Json.parse(withoutTwofold.body()).path("access_token").asText()).isNotEmpty();

        HttpResponse<String> withTwofold = approvedBackchannelSignIn(env, admin, baseUrl, TestEnvironment.realmWithPolicy(admin, "grant-ciba", Map.of(), Map.of()));
        assertThat(withTwofold.statusCode()).as(withTwofold.body()).isEqualTo(400);
        JsonNode refusal = Json.parse(withTwofold.body());
        assertThat(refusal.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refusal.path("error_description").asText()).contains("CIBA");
        assertThat(refusal.has("access_token")).isFalse();
    }

    /** A CIBA sign-in of a new user with a phone, approved on the authentication device; the token endpoint's answer. */
    private static HttpResponse<String> approvedBackchannelSignIn(TestEnvironment env, AdminApi admin, String baseUrl, String realm) {
        String secret = "call-centre-secret-4711";
        admin.post("/admin/realms/" + realm + "/clients", Map.of("clientId", "call-centre", "publicClient", false, "secret", secret,
                "standardFlowEnabled", false, "attributes", Map.of("oidc.ciba.grant.enabled", "true"))).expect(201);
        TestUser user = env.newUserWithPhone(admin, realm, "grant-ciba");
        OidcClient app = new OidcClient(baseUrl, realm, "call-centre", env.callback().redirectUri());
        HttpResponse<String> asked = app.post("/protocol/openid-connect/ext/ciba/auth", Map.of("client_id", "call-centre",
                "client_secret", secret, "scope", "openid", "login_hint", user.username()));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        String authReqId = Json.parse(asked.body()).path("auth_req_id").asText();

        // the person approves on their device; the device answers Keycloak with the token Keycloak gave it
        CallbackServer.CibaRequest request = env.callback().awaitCibaRequest(user.username());
        HttpResponse<String> approved = send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/ext/ciba/auth/callback"))
                .header("Authorization", "Bearer " + request.bearerToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"SUCCEED\"}")).build());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        return app.post("/protocol/openid-connect/token", Map.of("grant_type", "urn:openid:params:grant-type:ciba",
                "client_id", "call-centre", "client_secret", secret, "auth_req_id", authReqId));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

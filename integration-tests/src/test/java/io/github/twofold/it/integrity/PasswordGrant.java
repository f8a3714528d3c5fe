package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Names;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The OAuth password grant (resource owner password credentials) as an API client sends it. */
public final class PasswordGrant {

    private PasswordGrant() {
    }

    public static HttpResponse<String> send(OidcClient client, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", client.clientId(),
                "username", user.username(), "password", user.password(), "scope", "openid"));
        form.putAll(extra);
        return client.post("/protocol/openid-connect/token", form);
    }

    /** A public API client that uses the password grant, with Twofold's amr mapper. */
    public static OidcClient apiClient(TestEnvironment env, String realm) {
        return apiClient(env.admin(), env.baseUrl(), realm);
    }

    /** As above, on the server {@code admin} manages (at {@code baseUrl}). */
    public static OidcClient apiClient(AdminApi admin, String baseUrl, String realm) {
        String clientId = Names.unique("api", 8);
        admin.post("/admin/realms/" + realm + "/clients", Map.of(
                "clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "twofold-amr-mapper",
                        "config", Map.of("id.token.claim", "true", "access.token.claim", "true"))))).expect(201);
        return new OidcClient(baseUrl, realm, clientId, null);
    }

    /** A grant that must succeed. */
    public static OidcClient.Tokens token(OidcClient client, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", client.clientId(),
                "username", user.username(), "password", user.password(), "scope", "openid"));
        form.putAll(extra);
        return client.token(form);
    }

    /** A grant that must be refused with an OAuth error and no token; returns the error body. */
    public static JsonNode refused(OidcClient client, TestUser user, Map<String, String> extra) {
        HttpResponse<String> response = send(client, user, extra);
        assertThat(response.statusCode()).as(response.body()).isIn(400, 401);
        JsonNode body = Json.parse(response.body());
        assertThat(body.has("access_token")).isFalse();
        assertThat(body.path("error").asText()).isEqualTo("invalid_grant");
        return body;
    }
}

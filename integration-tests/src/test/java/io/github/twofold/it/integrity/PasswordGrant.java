package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Json;
import io.github.twofold.it.harness.OidcClient;
import io.github.twofold.it.harness.TestUser;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The OAuth password grant (resource owner password credentials) as an API client sends it. */
final class PasswordGrant {

    private PasswordGrant() {
    }

    static HttpResponse<String> send(OidcClient client, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", client.clientId(),
                "username", user.username(), "password", user.password(), "scope", "openid"));
        form.putAll(extra);
        return client.post("/protocol/openid-connect/token", form);
    }

    /** A grant that must succeed. */
    static OidcClient.Tokens token(OidcClient client, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", client.clientId(),
                "username", user.username(), "password", user.password(), "scope", "openid"));
        form.putAll(extra);
        return client.token(form);
    }

    /** A grant that must be refused with an OAuth error and no token; returns the error body. */
    static JsonNode refused(OidcClient client, TestUser user, Map<String, String> extra) {
        HttpResponse<String> response = send(client, user, extra);
        assertThat(response.statusCode()).as(response.body()).isIn(400, 401);
        JsonNode body = Json.parse(response.body());
        assertThat(body.has("access_token")).isFalse();
        assertThat(body.path("error").asText()).isEqualTo("invalid_grant");
        return body;
    }
}

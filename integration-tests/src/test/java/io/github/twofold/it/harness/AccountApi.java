package io.github.twofold.it.harness;

import io.github.twofold.testsupport.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Keycloak's Account REST API called directly with a user's bearer token, as any script could. */
public final class AccountApi {

    private final String baseUrl;
    private final String realm;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public AccountApi(String baseUrl, String realm) {
        this.baseUrl = baseUrl;
        this.realm = realm;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return Json.parse(body);
        }
    }

    /** {@code GET /account/credentials}: the credential types and the user's credentials of each. */
    public Response credentials(String accessToken) {
        return send(request("/account/credentials", accessToken).GET());
    }

    /** {@code DELETE /account/credentials/{id}} (Keycloak's deprecated removal endpoint, still served). */
    public Response delete(String accessToken, String credentialId) {
        return send(request("/account/credentials/" + credentialId, accessToken).DELETE());
    }

    /** {@code POST /account/}: the profile update (names, e-mail address) as the account console sends it. */
    public Response updateProfile(String accessToken, Map<String, Object> profile) {
        return updateProfile(accessToken, Json.write(profile));
    }

    /** As above, with the body as sent (padding, odd shapes). */
    public Response updateProfile(String accessToken, String json) {
        return send(request("/account/", accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code DELETE /account/sessions}: the account console's "Sign out all devices". */
    public Response signOutEverywhere(String accessToken) {
        return send(request("/account/sessions", accessToken).DELETE());
    }

    private HttpRequest.Builder request(String path, String accessToken) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json");
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

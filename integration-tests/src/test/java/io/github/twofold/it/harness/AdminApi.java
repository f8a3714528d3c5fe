package io.github.twofold.it.harness;

import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keycloak's admin REST API over plain HTTP, as the bootstrap admin (or another account). */
public final class AdminApi {

    private final String baseUrl;
    private final String loginRealm;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private long tokenExpiresAt;

    public AdminApi(String baseUrl) {
        this(baseUrl, "master", "admin", "admin");
    }

    public AdminApi(String baseUrl, String loginRealm, String username, String password) {
        this.baseUrl = baseUrl;
        this.loginRealm = loginRealm;
        this.username = username;
        this.password = password;
    }

    /** The same API with another account's token (e.g. a help-desk admin without a role). */
    public AdminApi as(String realm, String user, String pass) {
        return new AdminApi(baseUrl, realm, user, pass);
    }

    /** A response: status and body (JSON when the server sent JSON). */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return Json.parse(body);
        }

        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + Json.abbreviate(body));
            }
            return this;
        }
    }

    public Response get(String path) {
        return send(() -> builder(path).GET());
    }

    public Response post(String path, Object body) {
        return send(() -> builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))));
    }

    public Response put(String path, Object body) {
        return send(() -> builder(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))));
    }

    /** PUT of a plain-text body (e.g. a realm's localization text). */
    public Response putText(String path, String text) {
        return send(() -> builder(path).header("Content-Type", "text/plain; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(text, java.nio.charset.StandardCharsets.UTF_8)));
    }

    public Response delete(String path) {
        return send(() -> builder(path).DELETE());
    }

    // ---- users

    /** Creates an enabled user with a password and the realm's default roles; returns the id. */
    public String createUser(String realm, String username, String password, Map<String, Object> extra) {
        ObjectNode user = Json.object();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@example.test");
        user.put("emailVerified", true);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        ArrayNode creds = user.putArray("credentials");
        ObjectNode cred = creds.addObject();
        cred.put("type", "password");
        cred.put("value", password);
        cred.put("temporary", false);
        extra.forEach((k, v) -> {
            if (k.equals("credentials")) {
                Json.MAPPER.<ArrayNode>valueToTree(v).forEach(creds::add);
            } else {
                user.set(k, Json.MAPPER.valueToTree(v));
            }
        });
        Response created = post("/admin/realms/" + realm + "/users", user).expect(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public JsonNode user(String realm, String userId) {
        return get("/admin/realms/" + realm + "/users/" + userId).expect(200).json();
    }

    public JsonNode credentials(String realm, String userId) {
        return get("/admin/realms/" + realm + "/users/" + userId + "/credentials").expect(200).json();
    }

    /** Puts the user's credential of {@code type} first in their credential order (Keycloak offers the first factor first). */
    public void moveCredentialToFirst(String realm, String userId, String type) {
        String id = null;
        for (JsonNode c : credentials(realm, userId)) {
            if (type.equals(c.path("type").asText())) {
                id = c.path("id").asText();
            }
        }
        if (id == null) {
            throw new IllegalStateException("user " + userId + " has no credential of type " + type);
        }
        post("/admin/realms/" + realm + "/users/" + userId + "/credentials/" + id + "/moveToFirst", "").expect(204);
    }

    public List<String> credentialTypes(String realm, String userId) {
        List<String> types = new ArrayList<>();
        credentials(realm, userId).forEach(c -> types.add(c.path("type").asText()));
        return types;
    }

    /** Gives a user roles of a client of the realm (e.g. realm-management's manage-users). */
    public void assignClientRoles(String realm, String userId, String clientId, String... roles) {
        String client = get("/admin/realms/" + realm + "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                .expect(200).json().get(0).path("id").asText();
        ArrayNode reps = Json.MAPPER.createArrayNode();
        for (String role : roles) {
            reps.add(get("/admin/realms/" + realm + "/clients/" + client + "/roles/" + role).expect(200).json());
        }
        post("/admin/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + client, reps).expect(204);
    }

    /** Creates a top-level group; returns its id. */
    public String createGroup(String realm, String name) {
        post("/admin/realms/" + realm + "/groups", Map.of("name", name)).expect(201);
        return get("/admin/realms/" + realm + "/groups?search=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&exact=true")
                .expect(200).json().get(0).path("id").asText();
    }

    /** Makes a user a member of a group. */
    public void joinGroup(String realm, String userId, String groupId) {
        put("/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId, Map.of()).expect(204);
    }

    /**
     * Keycloak's count of a user's failures once it shows at least {@code expected} (or after 10 s,
     * whatever it shows then): Keycloak records a failure on a background executor, so the count
     * can trail the answer to the request that failed by a moment.
     */
    public int recordedFailures(String realm, String userId, int expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        int failures = attackDetection(realm, userId).path("numFailures").asInt();
        while (failures < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            failures = attackDetection(realm, userId).path("numFailures").asInt();
        }
        return failures;
    }

    /** Keycloak's brute-force view of a user: numFailures, disabled, lastFailure... */
    public JsonNode attackDetection(String realm, String userId) {
        return get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId).expect(200).json();
    }

    /**
     * Switches a realm's browser flow to cookie-or-password only: how a realm looks where an
     * application's flow skips the second step (the factor-change attack: a password-only session).
     */
    public void usePasswordOnlyBrowserFlow(String realm) {
        String flows = "/admin/realms/" + realm + "/authentication/flows";
        post(flows, Map.of("alias", "password only", "providerId", "basic-flow", "topLevel", true, "builtIn", false)).expect(201);
        String executions = flows + "/" + URLEncoder.encode("password only", StandardCharsets.UTF_8).replace("+", "%20") + "/executions";
        post(executions + "/execution", Map.of("provider", "auth-username-password-form")).expect(201);
        for (JsonNode execution : get(executions).expect(200).json()) {
            ObjectNode required = execution.deepCopy();
            required.put("requirement", "REQUIRED");
            int status = put(executions, required).status();
            if (status / 100 != 2) {
                throw new AssertionError("could not make the password step required: HTTP " + status);
            }
        }
        ObjectNode update = Json.object();
        update.put("browserFlow", "password only");
        put("/admin/realms/" + realm, update).expect(204);
    }

    /** Changes one setting of a realm's Twofold policy (its component of Twofold's own type). */
    public void setPolicy(String realm, String key, String value) {
        JsonNode policy = get("/admin/realms/" + realm + "/components?type=io.github.twofold.policy.TwofoldPolicyProvider").expect(200).json().get(0);
        ObjectNode changed = policy.deepCopy();
        ((ObjectNode) changed.path("config")).putArray(key).add(value);
        put("/admin/realms/" + realm + "/components/" + policy.path("id").asText(), changed).expect(204);
    }

    /** The internal id of a client of a realm, by its client id. */
    public String clientUuid(String realm, String clientId) {
        return get("/admin/realms/" + realm + "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                .expect(200).json().get(0).path("id").asText();
    }

    // ---- events

    /** User events of a realm, newest first (the admin console's view). */
    public JsonNode events(String realm, Map<String, String> query) {
        StringBuilder q = new StringBuilder("?max=500");
        query.forEach((k, v) -> q.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return get("/admin/realms/" + realm + "/events" + q).expect(200).json();
    }

    public JsonNode userEvents(String realm, String userId) {
        return events(realm, Map.of("user", userId));
    }

    public JsonNode adminEvents(String realm) {
        return get("/admin/realms/" + realm + "/admin-events?max=500").expect(200).json();
    }

    public JsonNode serverInfo() {
        return get("/admin/serverinfo").expect(200).json();
    }

    // ---- plumbing

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token());
    }

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAt) {
            HttpResponse<String> response = raw(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + loginRealm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(OidcClient.form(Map.of(
                            "grant_type", "password", "client_id", "admin-cli", "username", username, "password", password))))
                    .build());
            if (response.statusCode() != 200) {
                throw new AssertionError("admin login as " + username + " failed: " + response.statusCode() + " " + response.body());
            }
            JsonNode json = Json.parse(response.body());
            token = json.path("access_token").asText();
            tokenExpiresAt = System.currentTimeMillis() + Math.max(5, json.path("expires_in").asLong(60) - 10) * 1000L;
        }
        return token;
    }

    /** Sends the request; a 401 gets one retry with a new token (a test that moved the server's clock makes a cached one invalid). */
    private Response send(java.util.function.Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = raw(request.get().build());
        if (response.statusCode() == 401) {
            synchronized (this) {
                token = null;
            }
            response = raw(request.get().build());
        }
        return new Response(response.statusCode(), response.body(), response.headers());
    }

    private HttpResponse<String> raw(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("admin request " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

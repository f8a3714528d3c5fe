package io.github.twofold.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain OIDC client for a public client: authorization code + PKCE (S256), as an application
 * would use it. The login itself happens in a browser ({@link Browser}) or in {@link HttpLogin}.
 */
public final class OidcClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;
    private final String realm;
    private final String clientId;
    private final String redirectUri;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public OidcClient(String baseUrl, String realm, String clientId, String redirectUri) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String clientId() {
        return clientId;
    }

    /** One authorization request: its URL, state and PKCE verifier. */
    public final class AuthRequest {
        private final String state = random(16);
        private final String verifier = random(32);
        private final Map<String, String> params = new LinkedHashMap<>();

        private AuthRequest(Map<String, String> extra) {
            params.put("client_id", clientId);
            params.put("redirect_uri", redirectUri);
            params.put("response_type", "code");
            params.put("scope", "openid");
            params.put("state", state);
            params.put("code_challenge", challenge(verifier));
            params.put("code_challenge_method", "S256");
            params.putAll(extra);
        }

        public String url() {
            return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(params);
        }

        /** Exchanges the code in the callback URL the browser ended on. */
        public Tokens exchange(String callbackUrl) {
            return token(codeGrant(callbackUrl));
        }

        /** Exchanges the code and returns the token endpoint's answer as it is, e.g. to prove a refusal. */
        public HttpResponse<String> exchangeResponse(String callbackUrl) {
            return post("/protocol/openid-connect/token", codeGrant(callbackUrl));
        }

        private Map<String, String> codeGrant(String callbackUrl) {
            if (!callbackUrl.startsWith(redirectUri)) {
                throw new AssertionError("login did not return to the application; ended at " + callbackUrl);
            }
            Map<String, String> query = parseQuery(URI.create(callbackUrl).getRawQuery());
            if (query.containsKey("error")) {
                throw new AssertionError("authorization error: " + query);
            }
            if (!state.equals(query.get("state"))) {
                throw new AssertionError("state mismatch");
            }
            return Map.of("grant_type", "authorization_code", "code", query.get("code"),
                    "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier);
        }
    }

    public AuthRequest authRequest() {
        return new AuthRequest(Map.of());
    }

    public AuthRequest authRequest(Map<String, String> extra) {
        return new AuthRequest(extra);
    }

    /** The token response, with the claims of the ID and access tokens decoded. */
    public record Tokens(JsonNode response, JsonNode idClaims, JsonNode accessClaims) {
        public String accessToken() {
            return response.path("access_token").asText();
        }

        public String refreshToken() {
            return response.path("refresh_token").asText();
        }

        public String acr() {
            return (idClaims.isMissingNode() ? accessClaims : idClaims).path("acr").asText(null);
        }

        public java.util.List<String> amr() {
            java.util.List<String> values = new java.util.ArrayList<>();
            accessClaims.path("amr").forEach(v -> values.add(v.asText()));
            return values;
        }
    }

    public Tokens token(Map<String, String> form) {
        HttpResponse<String> response = post("/protocol/openid-connect/token", form);
        if (response.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = Json.parse(response.body());
        JsonNode idClaims = json.hasNonNull("id_token") ? Json.jwtClaims(json.path("id_token").asText()) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        return new Tokens(json, idClaims, Json.jwtClaims(json.path("access_token").asText()));
    }

    /** Raw POST to an endpoint of the realm's OIDC protocol, e.g. to prove something is refused. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.twofold.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A sign-in of the demo application (authorization code + PKCE) through the login pages, form by
 * form, as a browser submits them; stops at the redirect to the application and exchanges the code.
 */
final class BrowserlessLogin {

    static final String CLIENT = "demo-app";
    static final String REDIRECT = "http://127.0.0.1/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    /** Cookies by name (one host); Keycloak's Secure cookies must flow over http://localhost as in a browser. */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String baseUrl;
    private final String realm;
    private final String verifier;

    record Page(int status, URI uri, String location, Document document) {
        Element form(String id) {
            Element form = document.getElementById(id);
            if (form == null) {
                throw new AssertionError("no form " + id + " on " + uri + ": " + document.text());
            }
            return form;
        }
    }

    BrowserlessLogin(String baseUrl, String realm) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    Page start() {
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return get(baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(Map.of("client_id", CLIENT, "response_type", "code",
                "scope", "openid", "redirect_uri", REDIRECT, "code_challenge", challenge, "code_challenge_method", "S256", "state", "s")));
    }

    Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** Submits the form {@code formId} of {@code page} with {@code fields}, following redirects within Keycloak. */
    Page submit(Page page, String formId, Map<String, String> fields) {
        String action = page.form(formId).absUrl("action");
        return send(HttpRequest.newBuilder(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    /** The tokens for the code in the redirect to the application. */
    JsonNode exchange(Page callback) {
        String code = URI.create(callback.location()).getQuery().replaceAll(".*(?:^|&)code=([^&]+).*", "$1");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", REDIRECT);
        fields.put("client_id", CLIENT);
        fields.put("code_verifier", verifier);
        HttpResponse<String> response = raw(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
        try {
            JsonNode tokens = JSON.readTree(response.body());
            String payload = tokens.path("id_token").asText().split("\\.")[1];
            return JSON.readTree(Base64.getUrlDecoder().decode(payload));
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new AssertionError("no ID token: " + response.statusCode() + " " + response.body(), e);
        }
    }

    private Page send(HttpRequest request) {
        HttpResponse<String> response = raw(request);
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() / 100 == 3 && location != null && !location.startsWith(REDIRECT)) {
            return get(URI.create(request.uri().toString()).resolve(location).toString());
        }
        return new Page(response.statusCode(), request.uri(), location, Jsoup.parse(response.body(), request.uri().toString()));
    }

    private HttpResponse<String> raw(HttpRequest request) {
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(request, (name, value) -> true);
        if (!cookies.isEmpty()) {
            withCookies.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String[] pair = setCookie.split(";", 2)[0].split("=", 2);
                if (pair.length < 2 || pair[1].isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(pair[0].trim());
                } else {
                    cookies.put(pair[0].trim(), pair[1]);
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}

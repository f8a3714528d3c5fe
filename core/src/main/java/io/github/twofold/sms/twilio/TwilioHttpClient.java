package io.github.twofold.sms.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Twilio SDK's transport, on the JDK HTTP client: one hard timeout per call and no hidden
 * retries (failover is the dispatcher's job), and an optional base URL that replaces
 * {@code https://api.twilio.com} (tests point it at a stub on loopback).
 */
final class TwilioHttpClient extends HttpClient {

    private final java.net.http.HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    TwilioHttpClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        URI uri = target(request.constructURL());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        String auth = request.getAuthString();
        if (auth != null) {
            builder.header("Authorization", auth.startsWith("Basic ") ? auth
                    : "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        } else if (request.getUsername() != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (request.getUsername() + ":" + request.getPassword()).getBytes(StandardCharsets.UTF_8)));
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            for (String value : header.getValue()) {
                if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
                    builder.header(header.getKey(), value);
                }
            }
        }
        builder.header("Accept", "application/json");
        if (request.getMethod() == HttpMethod.POST) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            builder.POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody(), StandardCharsets.UTF_8));
        } else if (request.getMethod() == HttpMethod.GET) {
            builder.GET();
        } else {
            builder.method(request.getMethod().toString(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.body(), response.statusCode());
        } catch (HttpTimeoutException e) {
            throw new com.twilio.exception.ApiConnectionException("timeout after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new com.twilio.exception.ApiConnectionException("connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new com.twilio.exception.ApiConnectionException("interrupted");
        }
    }

    private URI target(URL url) {
        if (baseUrl == null) {
            return URI.create(url.toString());
        }
        String file = url.getFile(); // path + query
        return URI.create(baseUrl + file);
    }
}

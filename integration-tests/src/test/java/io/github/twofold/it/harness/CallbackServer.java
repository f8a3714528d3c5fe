package io.github.twofold.it.harness;

import io.github.twofold.testsupport.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The application side on loopback: the demo application's redirect endpoint (it only says "signed
 * in"; tests read the code from the URL), and the authentication device Keycloak asks in a CIBA
 * sign-in (it answers "asked" and keeps Keycloak's request for the test to approve).
 */
public final class CallbackServer implements AutoCloseable {

    /** What Keycloak sent the authentication device: whom to ask, and the token that answers for them. */
    public record CibaRequest(String loginHint, String bearerToken) {
    }

    private static final String CIBA_PATH = "/ciba-device";

    private final HttpServer server;
    /** Keycloak's requests to the authentication device, per user (tests of two classes may wait at once). */
    private final java.util.concurrent.ConcurrentMap<String, BlockingQueue<CibaRequest>> cibaRequests = new java.util.concurrent.ConcurrentHashMap<>();

    public CallbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/callback", exchange -> {
            byte[] body = "<!doctype html><html><head><title>demo-app</title></head><body><h1 id=\"signed-in\">Signed in to demo-app</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext(CIBA_PATH, exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode request = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            cibaRequests(request.path("login_hint").asText()).add(new CibaRequest(request.path("login_hint").asText(),
                    authorization == null ? "" : authorization.replaceFirst("^Bearer ", "")));
            exchange.sendResponseHeaders(201, -1); // Keycloak's channel wants 201: the device will ask the person
            exchange.close();
        });
        server.start();
    }

    /** The authentication device's address, for Keycloak's CIBA HTTP channel. */
    public String cibaChannelUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + CIBA_PATH;
    }

    /** Keycloak's next request to the authentication device about this user, once it has arrived. */
    public CibaRequest awaitCibaRequest(String loginHint) {
        try {
            CibaRequest next = cibaRequests(loginHint).poll(10, TimeUnit.SECONDS);
            if (next != null) {
                return next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("Keycloak did not ask the authentication device about " + loginHint + " within 10 s");
    }

    private BlockingQueue<CibaRequest> cibaRequests(String loginHint) {
        return cibaRequests.computeIfAbsent(loginHint, k -> new LinkedBlockingQueue<>());
    }

    /** Registered in the demo realm as {@code http://127.0.0.1/callback}: Keycloak accepts any loopback port. */
    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

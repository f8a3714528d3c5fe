package io.github.twofold.it.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The demo application's redirect endpoint on loopback: it only says "signed in"; tests read the code from the URL. */
public final class CallbackServer implements AutoCloseable {

    private final HttpServer server;

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
        server.start();
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

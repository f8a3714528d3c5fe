package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The server as seen from another client address: a loopback TCP forwarder whose connections to
 * the server come from {@code 127.0.0.2} (Linux routes all of 127.0.0.0/8 to the loopback device).
 * Keycloak therefore sees a second client, as it would a person on another network, without any
 * forwarded-for header. The forwarder's own port becomes part of the URLs Keycloak generates, so a
 * login started through it stays on it.
 */
public final class OtherAddress implements AutoCloseable {

    public static final String ADDRESS = "127.0.0.2";

    private final ServerSocket listener;
    private final InetAddress source;
    private final InetAddress target;
    private final int targetPort;

    public OtherAddress(int targetPort) {
        this(addressOf(ADDRESS), InetAddress.getLoopbackAddress(), targetPort);
    }

    /** A forwarder whose connections come from {@code source} (an address of this machine) to {@code target}. */
    public OtherAddress(InetAddress source, InetAddress target, int targetPort) {
        this.source = source;
        this.target = target;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "other-address-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Base URL to use instead of the server's. */
    public String baseUrl() {
        return "http://localhost:" + listener.getLocalPort();
    }

    /** A URL of the server rewritten to go through this address. */
    public String rewrite(String url, int serverPort) {
        return url.replace("localhost:" + serverPort, "localhost:" + listener.getLocalPort());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.bind(new InetSocketAddress(source, 0));
                upstream.connect(new InetSocketAddress(target, targetPort), 5000);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.out.println("[twofold-it] other-address forwarder: " + e);
                }
            }
        }
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed; the other pump ends too
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "other-address-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}

package io.github.twofold.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports, never handed out twice in one JVM, so two runs on one machine never collide. */
public final class Ports {

    private static final Set<Integer> given = new HashSet<>();

    private Ports() {
    }

    public static synchronized int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(false);
                int port = socket.getLocalPort();
                if (given.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
        }
        throw new IllegalStateException("no free port after 50 attempts");
    }

    /** Whether a server can listen on the IPv6 loopback here. */
    public static boolean ipv6Loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package io.github.twofold.limit;

import org.keycloak.models.KeycloakSession;

/**
 * The client's address as Keycloak resolved it: the socket peer, or the forwarded address only
 * when the server runs with {@code --proxy-headers} (Keycloak's trusted proxy setting). Twofold
 * never reads X-Forwarded-For itself, so a client cannot pick its own address.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(KeycloakSession session) {
        String ip = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        return ip == null || ip.isBlank() ? "unknown" : ip;
    }
}

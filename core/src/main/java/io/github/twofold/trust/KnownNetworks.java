package io.github.twofold.trust;

import io.github.twofold.limit.ClientAddress;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * The networks a user has signed in from (an IPv4 /24, an IPv6 /48 of the address Keycloak
 * resolved), for "your account was signed in to from a new network": hashes in a user attribute,
 * the most recent {@link #REMEMBERED}. Not a security boundary: an address says little about who
 * is behind it, and the e-mail is the only consequence.
 */
public final class KnownNetworks {

    /** User attribute: hashes of the networks, oldest first. */
    public static final String ATTRIBUTE = "twofold.known-networks";
    static final int REMEMBERED = 20;

    private KnownNetworks() {
    }

    /**
     * Remembers this request's network for the user; the network when the user had not signed in
     * from it before while another one was known (the very first is remembered quietly).
     */
    public static Optional<String> rememberIsNew(KeycloakSession session, UserModel user) {
        Optional<String> network = ClientAddress.network(ClientAddress.of(session));
        return network.filter(n -> RecentlySeen.rememberIsNew(user, ATTRIBUTE, RecentlySeen.hash(n), REMEMBERED));
    }
}

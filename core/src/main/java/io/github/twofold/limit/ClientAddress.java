package io.github.twofold.limit;

import io.github.twofold.policy.TwofoldPolicy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;

/**
 * The client's address as Keycloak resolved it: the socket peer, or the forwarded address only
 * when the server runs with {@code --proxy-headers} (Keycloak's trusted proxy setting). Twofold
 * never reads X-Forwarded-For itself, so a client cannot pick its own address.
 *
 * <p>Per-address limits count an IPv6 client by its network ({@code /64} by default, policy
 * {@code ipv6PrefixLength}): one host owns a whole /64 and could otherwise rotate through it and
 * get a fresh budget with every address.
 */
public final class ClientAddress {

    /** Only literal addresses are parsed: no name lookup can happen here. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");
    private static final Pattern IPV4 = Pattern.compile("((?:[0-9]{1,3}\\.){2}[0-9]{1,3})\\.[0-9]{1,3}");

    private ClientAddress() {
    }

    /** The address as resolved, for display and events. */
    public static String of(KeycloakSession session) {
        String ip = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        return ip == null || ip.isBlank() ? "unknown" : ip;
    }

    /** The subject of the per-address limits: an IPv4 address, or an IPv6 network of the policy's length. */
    public static String limitKey(KeycloakSession session, TwofoldPolicy policy) {
        return limitKey(of(session), policy.ipv6PrefixLength());
    }

    /**
     * The network an address belongs to, as people and providers hand them out: an IPv4 address's
     * /24, an IPv6 address's /48 ({@code 198.51.100.0/24}, {@code 2001:db8:5::/48}); empty for an
     * address Keycloak did not resolve.
     */
    public static Optional<String> network(String address) {
        String key = limitKey(address, 48);
        if (key.endsWith("/48")) {
            return Optional.of(key.replaceFirst("(:0)+/48$", "::/48"));
        }
        Matcher ipv4 = IPV4.matcher(key);
        return ipv4.matches() ? Optional.of(ipv4.group(1) + ".0/24") : Optional.empty();
    }

    static String limitKey(String address, int ipv6PrefixLength) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address.replaceAll("%.*", ""));
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress(); // an IPv4-mapped address
            }
            byte[] bytes = parsed.getAddress();
            int prefix = Math.max(0, Math.min(128, ipv6PrefixLength));
            for (int bit = prefix; bit < 128; bit++) {
                bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException | IllegalArgumentException unparsable) {
            return address;
        }
    }
}

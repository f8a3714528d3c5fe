package io.github.twofold.trust;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The browser's half of a trust: {@code <record id>.<secret>} in an HttpOnly, SameSite=Lax cookie
 * limited to the realm's path, Secure when the realm is reached over https. Worthless alone: the
 * server checks it against the user's own record ({@link TrustedBrowsers#check}).
 */
public final class TrustCookie {

    public static final String NAME = "TWOFOLD_TRUSTED_BROWSER";
    /** "Not now" on the offer page after Keycloak's own steps: no offer on this browser for a while. Not a secret. */
    public static final String DECLINED = "TWOFOLD_TRUST_DECLINED";

    /** A credential id (UUID) and 32 random bytes in base64url. */
    private static final Pattern SHAPE = Pattern.compile("[0-9a-fA-F-]{36}\\.[A-Za-z0-9_-]{43}");

    /** The parts of a well-formed cookie. */
    public record Value(String recordId, String secret) {
        @Override
        public String toString() {
            return "TrustCookie.Value[" + recordId + "]"; // never the secret
        }
    }

    private TrustCookie() {
    }

    /** The cookie the request carries, if any (empty string: present but empty). */
    public static Optional<String> read(KeycloakSession session) {
        if (session.getContext().getRequestHeaders() == null) {
            return Optional.empty();
        }
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(NAME);
        return Optional.ofNullable(cookie).map(c -> c.getValue() == null ? "" : c.getValue());
    }

    /** The parts of a cookie value, when it has the shape Twofold writes. */
    public static Optional<Value> parse(String raw) {
        if (raw == null || raw.length() > 80 || !SHAPE.matcher(raw).matches()) {
            return Optional.empty();
        }
        int dot = raw.indexOf('.');
        return Optional.of(new Value(raw.substring(0, dot), raw.substring(dot + 1)));
    }

    public static void set(KeycloakSession session, RealmModel realm, String recordId, String secret, int maxAgeSeconds) {
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie(session, realm, NAME, recordId + "." + secret, maxAgeSeconds,
                new Date(System.currentTimeMillis() + maxAgeSeconds * 1000L)));
    }

    /** Tells the browser to drop the cookie. */
    public static void expire(KeycloakSession session, RealmModel realm) {
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie(session, realm, NAME, "", 0, new Date(0)));
    }

    /** Remembers "Not now" on this browser for {@code maxAgeSeconds}. */
    public static void decline(KeycloakSession session, RealmModel realm, int maxAgeSeconds) {
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie(session, realm, DECLINED, "1", maxAgeSeconds,
                new Date(System.currentTimeMillis() + maxAgeSeconds * 1000L)));
    }

    /** Whether this browser said "Not now" to the offer recently. */
    public static boolean declined(KeycloakSession session) {
        return session.getContext().getRequestHeaders() != null && session.getContext().getRequestHeaders().getCookies().containsKey(DECLINED);
    }

    static NewCookie cookie(KeycloakSession session, RealmModel realm, String name, String value, int maxAge, Date expiry) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(path(session, realm))
                .maxAge(maxAge)
                .expiry(expiry)
                .secure("https".equalsIgnoreCase(session.getContext().getUri().getRequestUri().getScheme()))
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    /** The realm's path (/realms/{realm}/ under Keycloak's base path), as Keycloak scopes its own session cookies. */
    static String path(KeycloakSession session, RealmModel realm) {
        String base = session.getContext().getUri().getBaseUri().getRawPath();
        return (base.endsWith("/") ? base : base + "/") + "realms/" + realm.getName() + "/";
    }
}

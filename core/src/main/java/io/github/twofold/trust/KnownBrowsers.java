package io.github.twofold.trust;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The browsers a user has signed in with, for "a new browser signed in to your account": a random
 * id in a long-lived HttpOnly cookie of the realm (separate from trusted browsers: it skips
 * nothing), and the ids' hashes in a user attribute, the most recent {@link #REMEMBERED} of them.
 * Not a security boundary (a cleared cookie is a "new" browser, and the e-mail is the only
 * consequence): it tells the user about a sign-in they may not have made.
 */
public final class KnownBrowsers {

    public static final String COOKIE = "TWOFOLD_BROWSER";
    /** User attribute: hashes of the browser ids, oldest first. */
    public static final String ATTRIBUTE = "twofold.known-browsers";
    static final int REMEMBERED = 20;
    /** Browsers cap a cookie's lifetime at 400 days. */
    private static final int MAX_AGE_SECONDS = 400 * 24 * 3600;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KnownBrowsers() {
    }

    /**
     * Remembers this request's browser for the user; whether it is a browser the user had not
     * signed in with before while another one was known (the very first is remembered quietly).
     */
    public static boolean rememberIsNew(KeycloakSession session, RealmModel realm, UserModel user) {
        String id = cookie(session);
        if (id == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.getContext().getHttpResponse().setCookieIfAbsent(TrustCookie.cookie(session, realm, COOKIE, id, MAX_AGE_SECONDS,
                    new Date(System.currentTimeMillis() + MAX_AGE_SECONDS * 1000L)));
        }
        return RecentlySeen.rememberIsNew(user, ATTRIBUTE, RecentlySeen.hash(id), REMEMBERED);
    }

    /** The browser id the request carries, when it has the shape Twofold writes. */
    private static String cookie(KeycloakSession session) {
        if (session.getContext().getRequestHeaders() == null) {
            return null;
        }
        jakarta.ws.rs.core.Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        return cookie == null || cookie.getValue() == null || !SHAPE.matcher(cookie.getValue()).matches() ? null : cookie.getValue();
    }
}

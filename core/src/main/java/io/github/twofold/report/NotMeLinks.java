package io.github.twofold.report;

import jakarta.ws.rs.core.UriBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

/**
 * The "this wasn't me" links of the security e-mails: made when a notice is sent, read when the
 * link is opened and used. A link opens a confirmation page and does nothing on its own (mail
 * scanners open links); the page's button uses it, once.
 */
public final class NotMeLinks {

    /** How long a link works: long enough for a holiday inbox, short enough that old mail is harmless. */
    public static final Duration VALID_FOR = Duration.ofDays(14);
    /** The link's query parameter. */
    public static final String PARAMETER = "t";
    /** Keycloak's language parameter: the link carries the user's language, as the e-mail was in it. */
    public static final String LOCALE = "kc_locale";
    private static final String USED = "twofold-not-me:";

    /** What a link turned out to be when it was opened. */
    public enum State { VALID, INVALID, EXPIRED, USED }

    /** A link's token and what it turned out to be; the token is null unless the link is valid, expired or used. */
    public record Read(State state, NotMeToken token) {
    }

    private NotMeLinks() {
    }

    /** The link for a notice of {@code notice} (e.g. {@code PHONE_ADDED}) to {@code user}; {@code credentialId} when the change created one. */
    public static String issue(KeycloakSession session, RealmModel realm, UserModel user, String notice, String credentialId) {
        return issue(session, realm, user, notice, credentialId, session.getContext().getUri(UrlType.FRONTEND).getBaseUri());
    }

    /** As above, on the server's public address {@code base} (for an e-mail sent without a request, by a timer). */
    public static String issue(KeycloakSession session, RealmModel realm, UserModel user, String notice, String credentialId, java.net.URI base) {
        NotMeToken token = new NotMeToken();
        token.id(UUID.randomUUID().toString());
        token.type(NotMeToken.TYPE);
        token.subject(user.getId());
        token.issuedNow();
        token.exp((long) Time.currentTime() + VALID_FOR.toSeconds());
        token.setNotice(notice.toLowerCase(Locale.ROOT));
        token.setCredentialId(credentialId);
        UriBuilder link = UriBuilder.fromUri(base)
                .path("realms").path(realm.getName()).path("twofold").path("not-me")
                .queryParam(PARAMETER, session.tokens().encode(token));
        String language = user.getFirstAttribute(UserModel.LOCALE);
        if (language != null && realm.isInternationalizationEnabled()) {
            link.queryParam(LOCALE, language);
        }
        return link.build().toString();
    }

    /** What the link's token is, for this realm (a token of another realm has a signature this realm cannot verify). */
    public static Read read(KeycloakSession session, String encoded) {
        NotMeToken token = encoded == null || encoded.isBlank() || encoded.length() > 4096 ? null : decode(session, encoded);
        if (token == null || !NotMeToken.TYPE.equals(token.getType()) || token.getSubject() == null || token.getId() == null) {
            return new Read(State.INVALID, null);
        }
        if (token.isExpired()) {
            return new Read(State.EXPIRED, token);
        }
        return session.singleUseObjects().contains(USED + token.getId()) ? new Read(State.USED, token) : new Read(State.VALID, token);
    }

    /** Marks the link used; false when it already was (a second tab, a double click). */
    public static boolean use(KeycloakSession session, NotMeToken token) {
        long left = Math.max(1, token.getExp() - Time.currentTime());
        return session.singleUseObjects().putIfAbsent(USED + token.getId(), left + 60);
    }

    private static NotMeToken decode(KeycloakSession session, String encoded) {
        try {
            return session.tokens().decode(encoded, NotMeToken.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

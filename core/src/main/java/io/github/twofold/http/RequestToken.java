package io.github.twofold.http;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;

/**
 * The bearer token of the current request, read but NOT verified, for request filters that can
 * only refuse: whatever they read, Keycloak verifies the very same header right after, before it
 * changes anything, so a forged token gains nothing. Verifying it here as well would use up a
 * DPoP proof that Keycloak then sees a second time.
 */
public record RequestToken(RealmModel realm, AccessToken token) {

    /** The request's token and the realm that issued it, or null when there is none or it cannot be read. */
    public static RequestToken of(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        try {
            String raw = headers == null ? null : AppAuthManager.extractAuthorizationHeaderToken(headers);
            AccessToken token = raw == null ? null : new JWSInput(raw).readJsonContent(AccessToken.class);
            String issuer = token == null ? null : token.getIssuer();
            RealmModel realm = issuer == null ? null : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
            return realm == null ? null : new RequestToken(realm, token);
        } catch (JWSInputException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The session behind the token (online or offline), or null. */
    public UserSessionModel userSession(KeycloakSession session) {
        String id = token.getSessionId();
        if (id == null) {
            return null;
        }
        UserSessionModel online = session.sessions().getUserSession(realm, id);
        return online != null ? online : session.sessions().getOfflineUserSession(realm, id);
    }

    /** The user the token names: its subject, or (lightweight tokens name no subject) its session's user. */
    public UserModel user(KeycloakSession session) {
        UserModel user = token.getSubject() == null ? null : session.users().getUserById(realm, token.getSubject());
        if (user != null) {
            return user;
        }
        UserSessionModel userSession = userSession(session);
        return userSession == null ? null : userSession.getUser();
    }
}

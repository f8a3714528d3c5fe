package io.github.twofold.signin;

import io.github.twofold.compat.SupportedKeycloak;
import io.github.twofold.integrity.SignInChecks;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.Version;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * {@link UncheckedSignInRefusal}'s rule on Keycloak before 26.6, which has no token
 * post-processor: an answer that carries tokens (Keycloak's {@link AccessTokenResponse}, whichever
 * grant built it) for a sign-in Twofold's checks did not pass, in a realm that uses Twofold, is
 * replaced by {@code invalid_grant} and the client session it was issued for is ended, so the
 * tokens that were built are worth nothing. Decided from the session the tokens name, not from the
 * request's path. Refreshes pass, as there. Tokens handed out with an authorization response
 * (implicit and hybrid flows) never pass through here: the start-up line says so.
 */
@Provider
public class UncheckedTokenResponseRefusal implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(UncheckedTokenResponseRefusal.class);
    private static final boolean NEEDED = !SupportedKeycloak.hasTokenHook(Version.VERSION);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!NEEDED || !(response.getEntity() instanceof AccessTokenResponse tokens)) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        RealmModel realm = session == null ? null : session.getContext().getRealm();
        if (realm == null || isRefresh(session)) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = clientSession(session, realm, tokens);
        if (!SignInChecks.missing(clientSession)) {
            return;
        }
        LOG.warnf("Realm %s: no token for client %s: Twofold's checks after sign-in did not run for this session"
                + " (no enabled required action carries them, or the grant runs no sign-in flow)", realm.getName(), clientSession.getClient().getClientId());
        clientSession.detachFromUserSession();
        response.setStatus(Response.Status.BAD_REQUEST.getStatusCode());
        response.setEntity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT, SignInChecks.REFUSAL), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
    }

    /** Keycloak picked its refresh handler for this request (the grant type is what it dispatches on). */
    private static boolean isRefresh(KeycloakSession session) {
        HttpRequest http = session.getContext().getHttpRequest();
        return http != null && OAuth2Constants.REFRESH_TOKEN.equals(http.getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE));
    }

    /**
     * The client session the tokens were issued for: the session and client they name (the access
     * token, else the ID or refresh token, which carry the same). Null when none names a session
     * that exists (a service account's token without one).
     */
    private static AuthenticatedClientSessionModel clientSession(KeycloakSession session, RealmModel realm, AccessTokenResponse tokens) {
        return Stream.of(tokens.getToken(), tokens.getIdToken(), tokens.getRefreshToken())
                .map(UncheckedTokenResponseRefusal::read)
                .filter(t -> t != null && t.getSessionId() != null && t.getIssuedFor() != null)
                .map(t -> {
                    ClientModel client = realm.getClientByClientId(t.getIssuedFor());
                    UserSessionModel userSession = session.sessions().getUserSession(realm, t.getSessionId());
                    if (userSession == null) {
                        userSession = session.sessions().getOfflineUserSession(realm, t.getSessionId());
                    }
                    return client == null || userSession == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId());
                })
                .filter(c -> c != null)
                .findFirst().orElse(null);
    }

    /** The claims of a token Keycloak has just built (read, not verified: it never left the server). */
    private static IDToken read(String jwt) {
        if (jwt == null || jwt.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return new JWSInput(jwt).readJsonContent(IDToken.class);
        } catch (Exception e) {
            return null;
        }
    }
}

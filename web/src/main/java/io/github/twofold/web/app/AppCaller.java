package io.github.twofold.web.app;

import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Who calls the app API: the user, the session and the application behind a bearer token that
 * Keycloak verified (signature, realm, expiry, a live session), issued to an application the realm
 * policy lists in {@code appApiClients}.
 */
public record AppCaller(RealmModel realm, UserModel user, UserSessionModel userSession, ClientModel client, AccessToken token) {

    public static AppCaller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null || auth.getSession() == null || auth.getUser() == null) {
            throw new Problem(Response.Status.UNAUTHORIZED, "invalid-token", "A valid access token is required",
                    "Send the user's access token of this realm as 'Authorization: Bearer <token>'.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\"");
        }
        if (auth.getUser().getServiceAccountClientLink() != null) {
            // an application's own account: no person, no second factor, nothing to manage here
            throw new Problem(Response.Status.FORBIDDEN, "service-account", "A service account has no second factors",
                    "Call the API with the access token of the user who signed in, not the application's own (client credentials).");
        }
        ClientModel client = auth.getClient();
        if (client == null || !TwofoldRequest.of(session, realm).policy().appApiClients().contains(client.getClientId())) {
            throw new Problem(Response.Status.FORBIDDEN, "client-not-allowed", "This application may not use the API",
                    "The realm's Twofold policy does not list this application in 'Applications that may use the app API'.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\", error=\"insufficient_scope\"");
        }
        return new AppCaller(realm, auth.getUser(), auth.getSession(), client, auth.getToken());
    }
}

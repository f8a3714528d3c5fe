package io.github.twofold.signin;

import io.github.twofold.integrity.SignInChecks;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Hears Keycloak's own {@code LOGIN} event, which Keycloak sends in the request that ends a browser
 * sign-in (whatever the protocol, the response mode, or whether the session cookie signed the person in),
 * and marks that request when Twofold's checks after sign-in did not pass for its client session.
 * {@link UncheckedSignInPage} then answers with a page instead of the sign-in's response. The
 * decision is read from the session the event names, not from the request.
 */
public class UncheckedSignInListener implements EventListenerProvider {

    private final KeycloakSession session;

    public UncheckedSignInListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.LOGIN || event.getError() != null || event.getSessionId() == null || event.getClientId() == null
                || fromTokenEndpoint(event)) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        ClientModel client = realm == null ? null : realm.getClientByClientId(event.getClientId());
        UserSessionModel userSession = client == null ? null : session.sessions().getUserSession(realm, event.getSessionId());
        AuthenticatedClientSessionModel clientSession = userSession == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (SignInChecks.missing(clientSession)) {
            UncheckedSignInPage.mark(session, clientSession);
        }
    }

    /**
     * The password grant's {@code LOGIN} event, sent by Keycloak's token endpoint with the grant it
     * dispatched on: its answer is the token endpoint's, which {@link UncheckedSignInRefusal} and
     * {@link UncheckedTokenResponseRefusal} refuse as OAuth errors, not a page.
     */
    private static boolean fromTokenEndpoint(Event event) {
        return event.getDetails() != null && event.getDetails().containsKey(Details.GRANT_TYPE);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}

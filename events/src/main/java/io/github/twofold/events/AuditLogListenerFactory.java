package io.github.twofold.events;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * {@code twofold-audit}: writes every user and admin event of the realms that enable it as one JSON
 * line ({@link AuditRecord}) on the log category {@value #CATEGORY}, which operators route with
 * Keycloak's logging options (e.g. to a file a SIEM collects). Enable it per realm under Realm
 * settings > Events > Event listeners.
 */
public class AuditLogListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-audit";
    public static final String CATEGORY = "io.github.twofold.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                LOG.info(AuditRecord.of(event, realmName(session, event.getRealmId())));
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                LOG.info(AuditRecord.of(event, realmName(session, event.getRealmId())));
            }

            @Override
            public void close() {
            }
        };
    }

    static String realmName(KeycloakSession session, String realmId) {
        RealmModel current = session.getContext().getRealm();
        if (current != null && current.getId().equals(realmId)) {
            return current.getName();
        }
        RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
        return realm == null ? null : realm.getName();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

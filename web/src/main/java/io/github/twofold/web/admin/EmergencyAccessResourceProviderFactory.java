package io.github.twofold.web.admin;

import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.emergency.EmergencyAccessRole;
import io.github.twofold.policy.EveryRealm;
import io.github.twofold.policy.TwofoldRealms;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Adds {@code twofold-emergency-access} to the realm admin API and makes sure every realm has the
 * admin role it needs (existing realms at start, new and imported realms when created).
 */
public class EmergencyAccessResourceProviderFactory extends AdminResourceFactory {

    public static final String ID = EmergencyAccess.NAME;

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new EmergencyAccessResource(session, realm, auth, adminEvent);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        EveryRealm.onStartAndCreate(factory, EmergencyAccessRole::ensure);
        TwofoldRealms.onStartUsing(EmergencyAccessRole::ensure);
    }

    @Override
    public String getId() {
        return ID;
    }
}

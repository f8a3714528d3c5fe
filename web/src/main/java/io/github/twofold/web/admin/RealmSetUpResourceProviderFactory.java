package io.github.twofold.web.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Adds {@code twofold-setup} to the realm admin API: Twofold into a live realm and out again. */
public class RealmSetUpResourceProviderFactory extends AdminResourceFactory {

    public static final String ID = "twofold-setup";

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new RealmSetUpResource(session, realm, auth, adminEvent);
    }

    @Override
    public String getId() {
        return ID;
    }
}

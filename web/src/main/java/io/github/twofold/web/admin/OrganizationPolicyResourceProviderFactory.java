package io.github.twofold.web.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Adds {@code twofold-organizations} to the realm admin API: each organization's own Twofold settings. */
public class OrganizationPolicyResourceProviderFactory extends AdminResourceFactory {

    public static final String ID = "twofold-organizations";

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new OrganizationPolicyResource(session, realm, auth, adminEvent);
    }

    @Override
    public String getId() {
        return ID;
    }
}

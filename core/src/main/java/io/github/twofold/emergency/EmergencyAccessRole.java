package io.github.twofold.emergency;

import io.github.twofold.policy.TwofoldRealms;
import java.util.Objects;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The admin role {@value EmergencyAccess#ROLE}: a role of the realm's management client (for the
 * realm's own admins) and of the realm's client in the master realm (for master admins), like
 * Keycloak's own {@code manage-users}. It is deliberately not part of {@code realm-admin} or of the
 * master {@code admin} role: someone has to be given it on purpose.
 */
public final class EmergencyAccessRole {

    /** The setting of Keycloak's role mappers of identity providers that names the role they map. */
    private static final String ROLE_SETTING = "role";
    private static final String DESCRIPTION = "Grant one-time emergency access to users who lost every second factor (Twofold)";

    private EmergencyAccessRole() {
    }

    /** Creates the role where it is missing, in a realm that uses Twofold (other realms stay as Keycloak made them). */
    public static void ensure(RealmModel realm) {
        if (!TwofoldRealms.inUse(realm)) {
            return;
        }
        ensure(realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID));
        ensure(realm.getMasterAdminClient());
    }

    private static void ensure(ClientModel client) {
        if (client != null && client.getRole(EmergencyAccess.ROLE) == null) {
            RoleModel role = client.addRole(EmergencyAccess.ROLE);
            role.setDescription(DESCRIPTION);
        }
    }

    /**
     * Whether the admin behind a request holds the role for {@code realm}, mapped to them directly.
     * Held through a group, a composite role or the default roles it does not count: whoever
     * manages users can put anyone in a group or give them a composite, and Keycloak keeps no
     * record of who made a mapping, so only the one mapping a realm administrator alone can make
     * (see {@code EmergencyRoleGate}) is honoured, here where the right is used. Nor does a direct
     * mapping count while an identity provider the admin's account is linked to has a mapper that
     * maps the role: a brokered sign-in makes that mapping with no administrator involved.
     */
    public static boolean heldBy(KeycloakSession session, AdminAuth admin, RealmModel realm) {
        boolean masterAdmin = admin.getRealm().getName().equals(Config.getAdminRealm());
        ClientModel client = masterAdmin ? realm.getMasterAdminClient() : realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        RoleModel role = client == null ? null : client.getRole(EmergencyAccess.ROLE);
        UserModel user = admin.getUser();
        return role != null && user != null && user.getClientRoleMappingsStream(client).anyMatch(role::equals)
                && !mappedByIdentityProvider(session, admin.getRealm(), user, role);
    }

    /** Whether an identity provider {@code user} is linked to has a mapper (hardcoded or claim to role) that maps {@code role}. */
    static boolean mappedByIdentityProvider(KeycloakSession session, RealmModel userRealm, UserModel user, RoleModel role) {
        return TwofoldRealms.inContext(session, userRealm, () -> session.users().getFederatedIdentitiesStream(userRealm, user)
                .flatMap(link -> session.identityProviders().getMappersByAliasStream(link.getIdentityProvider()))
                .map(mapper -> mapper.getConfig() == null ? null : mapper.getConfig().get(ROLE_SETTING))
                .filter(Objects::nonNull)
                .anyMatch(name -> role.equals(KeycloakModelUtils.getRoleFromString(userRealm, name))));
    }
}

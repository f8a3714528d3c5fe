package io.github.twofold.emergency;

import io.github.twofold.policy.TwofoldRealms;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The admin role {@value EmergencyAccess#ROLE}: a role of the realm's management client (for the
 * realm's own admins) and of the realm's client in the master realm (for master admins), like
 * Keycloak's own {@code manage-users}. It is deliberately not part of {@code realm-admin} or of the
 * master {@code admin} role: someone has to be given it on purpose.
 */
public final class EmergencyAccessRole {

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
     * (see {@code EmergencyRoleGate}) is honoured, here where the right is used.
     */
    public static boolean heldBy(AdminAuth admin, RealmModel realm) {
        boolean masterAdmin = admin.getRealm().getName().equals(Config.getAdminRealm());
        ClientModel client = masterAdmin ? realm.getMasterAdminClient() : realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        RoleModel role = client == null ? null : client.getRole(EmergencyAccess.ROLE);
        UserModel user = admin.getUser();
        return role != null && user != null && user.getClientRoleMappingsStream(client).anyMatch(role::equals);
    }
}

package io.github.twofold.web.admin;

import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.http.RequestToken;
import io.github.twofold.web.GatedRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Only a realm administrator gives the right to grant emergency access. Keycloak lets whoever
 * manages users map any role of the management client except its own built-in admin roles, so
 * an admin with just {@code manage-users} could give themself {@value EmergencyAccess#ROLE}.
 * This request filter (a JAX-RS provider, which Keycloak runs for extensions) refuses a role
 * mapping that adds it, for a user or a group, unless the admin behind the request holds
 * {@code manage-realm} for that realm ({@code realm-admin} includes it). A mapping that goes
 * through is Keycloak's own admin event.
 *
 * <p>The token is only read here, not verified ({@link RequestToken}).
 */
@Provider
public class EmergencyRoleGate implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(EmergencyRoleGate.class);
    private static final Pattern MAPPING = Pattern.compile("/admin/realms/([^/]+)/(users|groups)/([^/]+)/role-mappings/clients/([^/]+)/?");

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!HttpMethod.POST.equals(request.getMethod())) {
            return;
        }
        Matcher path = MAPPING.matcher(GatedRequest.path(request));
        KeycloakSession session = path.matches() ? KeycloakSessionUtil.getKeycloakSession() : null;
        RealmModel realm = session == null ? null : session.realms().getRealmByName(path.group(1));
        ClientModel client = realm == null ? null : realm.getClientById(path.group(4));
        RoleModel role = client == null ? null : client.getRole(EmergencyAccess.ROLE);
        if (role == null) {
            return;
        }
        if (!mayAdd(GatedRequest.body(request), role)) {
            return;
        }
        RequestToken token = RequestToken.of(session);
        UserModel admin = token == null ? null : token.user(session);
        RoleModel manageRealm = admin == null ? null : manageRealmRole(realm, client, token.realm());
        if (manageRealm != null && admin.hasRole(manageRealm)) {
            return;
        }
        LOG.warnf("Refused to give %s in realm %s to %s %s: the admin %s is not a realm administrator", EmergencyAccess.ROLE, realm.getName(),
                path.group(2).equals("users") ? "user" : "group", path.group(3), admin == null ? "(unknown)" : admin.getUsername());
        request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"error\":\"Only a realm administrator (manage-realm) can give the role " + EmergencyAccess.ROLE + "\"}").build());
    }

    /**
     * Whether the posted role list may hold the emergency role (by id or by name): also when the
     * body is too long to read or cannot be read here, as Keycloak's own reading might differ.
     * Read from a stream, which every supported Keycloak accepts.
     */
    private static boolean mayAdd(Optional<byte[]> body, RoleModel role) {
        if (body.isEmpty()) {
            return true;
        }
        try {
            List<Map<String, Object>> roles = JsonSerialization.readValue(new ByteArrayInputStream(body.get()), new com.fasterxml.jackson.core.type.TypeReference<>() { });
            return roles != null && roles.stream().anyMatch(r -> r == null || role.getId().equals(r.get("id")) || role.getName().equals(r.get("name")));
        } catch (IOException | RuntimeException unreadable) {
            return true;
        }
    }

    /**
     * The role that makes the acting admin a realm administrator of the realm in the path:
     * {@code manage-realm} of that realm's management client for its own admins; for master
     * admins, of the realm's client in the master realm (for the master realm itself: the very
     * client of the path).
     */
    private static RoleModel manageRealmRole(RealmModel realm, ClientModel client, RealmModel adminRealm) {
        if (!adminRealm.getName().equals(Config.getAdminRealm())) {
            return adminRealm.getId().equals(realm.getId()) ? client.getRole(AdminRoles.MANAGE_REALM) : null;
        }
        ClientModel managing = realm.getName().equals(Config.getAdminRealm()) ? client : realm.getMasterAdminClient();
        return managing == null ? null : managing.getRole(AdminRoles.MANAGE_REALM);
    }
}

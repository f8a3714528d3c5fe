package io.github.twofold.web.account;

import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.http.RequestToken;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.policy.TwofoldRealms;
import io.github.twofold.trust.TrustCheck;
import io.github.twofold.trust.TrustedBrowsers;
import io.github.twofold.web.GatedRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The account console's "Sign out all devices" ({@code DELETE /realms/{realm}/account/sessions})
 * also ends every trusted browser of the user. Keycloak emits no event that says "everywhere" (only
 * one LOGOUT per other session, none when there is no other), so this response filter acts once
 * Keycloak has accepted the request (204, the token checked by Keycloak), in a transaction of its own.
 */
@Provider
public class AccountSignOutRevocation implements ContainerResponseFilter {

    private static final Pattern SESSIONS = Pattern.compile("/realms/([^/]+)/account(?:/v\\d[0-9a-zA-Z_\\-]*)?/sessions/?");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!HttpMethod.DELETE.equals(request.getMethod()) || response.getStatus() != 204
                || !SESSIONS.matcher(GatedRequest.path(request)).matches()) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        RequestToken token = session == null ? null : RequestToken.of(session);
        UserModel user = token == null || !TwofoldRealms.inUse(token.realm()) ? null : token.user(session);
        if (user == null) {
            return;
        }
        String realmId = token.realm().getId();
        String userId = user.getId();
        ClientConnection connection = session.getContext().getConnection();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            s.getContext().setRealm(realm);
            UserModel owner = s.users().getUserById(realm, userId);
            if (owner == null) {
                return;
            }
            int revoked = TwofoldRequest.of(s, realm).trustedBrowsers().revokeAll(owner);
            for (int i = 0; i < revoked; i++) {
                TrustedBrowsers.reportRevoked(new EventBuilder(realm, s, connection), owner, TrustCheck.SIGNED_OUT.reason());
            }
        });
    }
}

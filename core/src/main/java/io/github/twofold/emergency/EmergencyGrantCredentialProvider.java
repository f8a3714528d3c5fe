package io.github.twofold.emergency;

import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

import io.github.twofold.credential.TwofoldCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The credential type of emergency-access grants. Grants are created only through the admin API
 * ({@link EmergencyAccessResource}); a user sees an active one in the account console and may
 * remove it. Configured only while the grant has not expired.
 */
public class EmergencyGrantCredentialProvider extends TwofoldCredentialProvider<EmergencyGrant> {

    public EmergencyGrantCredentialProvider(KeycloakSession session) {
        super(session, EmergencyGrant.TYPE);
    }

    /**
     * Keycloak creates credentials through their provider when a user is created or updated with
     * credentials (admin API, realm import, partial import). An emergency grant is never made that
     * way: it exists only through the grant endpoint, which checks who grants, to whom, for how
     * long and why, and records it.
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, EmergencyGrant credential) {
        throw new ErrorResponseException("twofold_emergency_grant_refused",
                "Emergency access can only be granted through /admin/realms/{realm}/twofold-emergency-access/users/{id}, not as a credential of a user",
                Response.Status.BAD_REQUEST);
    }

    @Override
    public EmergencyGrant getCredentialFromModel(CredentialModel model) {
        return EmergencyGrant.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata(EmergencyAccess.AUTHENTICATOR_ID + "-help-text", "fa fa-life-ring list-view-pf-icon-lg").build(session);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && new EmergencyAccess(session, realm).active(user).isPresent();
    }
}

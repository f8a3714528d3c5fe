package io.github.twofold.emergency;

import io.github.twofold.credential.TwofoldCredentialProvider;
import org.keycloak.credential.CredentialMetadata;
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

    @Override
    public EmergencyGrant getCredentialFromModel(CredentialModel model) {
        return EmergencyGrant.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata(EmergencyAccess.AUTHENTICATOR_ID + "-help-text", "fa fa-life-ring list-view-pf-icon-lg").build(session);
    }

    @Override
    public CredentialMetadata getCredentialMetadata(EmergencyGrant credential, CredentialTypeMetadata type) {
        CredentialMetadata metadata = new CredentialMetadata();
        metadata.setCredentialModel(credential);
        return metadata;
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && new EmergencyAccess(session, realm).active(user).isPresent();
    }
}

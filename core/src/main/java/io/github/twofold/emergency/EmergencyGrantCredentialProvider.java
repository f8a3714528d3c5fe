package io.github.twofold.emergency;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialMetadata;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
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
public class EmergencyGrantCredentialProvider implements CredentialProvider<EmergencyGrant>, CredentialInputValidator {

    private final KeycloakSession session;

    public EmergencyGrantCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return EmergencyGrant.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, EmergencyGrant credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public EmergencyGrant getCredentialFromModel(CredentialModel model) {
        return EmergencyGrant.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(EmergencyAccess.AUTHENTICATOR_ID + "-display-name")
                .helpText(EmergencyAccess.AUTHENTICATOR_ID + "-help-text")
                .iconCssClass("fa fa-life-ring list-view-pf-icon-lg")
                .removeable(true)
                .build(session);
    }

    @Override
    public CredentialMetadata getCredentialMetadata(EmergencyGrant credential, CredentialTypeMetadata type) {
        CredentialMetadata metadata = new CredentialMetadata();
        metadata.setCredentialModel(credential);
        return metadata;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && new EmergencyAccess(session, realm).active(user).isPresent();
    }

    /** Codes are checked by the login step through {@link EmergencyAccess}, which also counts and limits. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }
}

package io.github.twofold.recovery;

import io.github.twofold.credential.TwofoldCredentialProvider;
import jakarta.ws.rs.core.Response;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;

/**
 * The credential type of open recoveries. A recovery starts only in the recovery step, after the
 * e-mailed code: never through the admin API, a realm import or a partial import, which would let
 * whoever writes one skip the waiting period.
 */
public class RecoveryRecordProvider extends TwofoldCredentialProvider<RecoveryRecord> {

    public RecoveryRecordProvider(KeycloakSession session) {
        super(session, RecoveryRecord.TYPE);
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, RecoveryRecord credential) {
        throw new ErrorResponseException("twofold_recovery_refused",
                "An account recovery starts only at the sign-in, with a code sent to the user's e-mail address, not as a credential of a user",
                Response.Status.BAD_REQUEST);
    }

    @Override
    public RecoveryRecord getCredentialFromModel(CredentialModel model) {
        return RecoveryRecord.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata(AccountRecovery.AUTHENTICATOR_ID + "-help-text", "fa fa-life-ring list-view-pf-icon-lg").build(session);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && new AccountRecovery(session, realm).state(user).phase() != AccountRecovery.Phase.NONE;
    }
}

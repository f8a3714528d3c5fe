package io.github.twofold.credential;

import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.credential.CredentialMetadata;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Lists backup-code sets (remaining count, warnings) and removes them with their used marks. */
public class BackupCodesCredentialProvider extends TwofoldCredentialProvider<BackupCodesCredentialModel> {

    /** Required action that shows a new set. */
    public static final String GENERATE_ACTION = RequiredActions.BACKUP_CODES;

    public BackupCodesCredentialProvider(KeycloakSession session) {
        super(session, BackupCodesCredentialModel.TYPE);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        boolean removed = user.credentialManager().removeStoredCredentialById(credentialId);
        new io.github.twofold.store.UsedSecrets(session).deleteForCredential(credentialId);
        return removed;
    }

    @Override
    public BackupCodesCredentialModel getCredentialFromModel(CredentialModel model) {
        return BackupCodesCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata("twofoldBackupCodesHelpText", "fa fa-key list-view-pf-icon-lg").createAction(GENERATE_ACTION).build(session);
    }

    @Override
    public CredentialMetadata getCredentialMetadata(BackupCodesCredentialModel credential, CredentialTypeMetadata type) {
        CredentialMetadata metadata = new CredentialMetadata();
        RealmModel realm = session.getContext().getRealm();
        int remaining = new BackupCodes(session, realm).remaining(credential);
        int total = credential.data().total;
        metadata.setInfoMessage("twofoldBackupCodesRemaining", Integer.toString(remaining), Integer.toString(total));
        if (remaining < TwofoldPolicy.of(realm).backupCodeWarnBelow()) {
            metadata.setWarningMessageTitle("twofoldBackupCodesFewLeft", Integer.toString(remaining));
            metadata.setWarningMessageDescription("twofoldBackupCodesCreateNew");
        }
        metadata.setCredentialModel(credential);
        return metadata;
    }

    /** Configured while at least one code is left. */
    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && new BackupCodes(session, realm).remaining(user) > 0;
    }
}

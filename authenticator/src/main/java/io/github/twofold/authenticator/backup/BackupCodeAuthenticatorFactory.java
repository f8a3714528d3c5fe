package io.github.twofold.authenticator.backup;

import io.github.twofold.authenticator.CodeStepFactory;
import io.github.twofold.credential.BackupCodesCredentialModel;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/**
 * {@code twofold-backup-code}; adds {@code backup} to {@code amr} (RFC 8176 has no value for
 * look-up secrets; applications can tell a recovery login from a normal one).
 */
public class BackupCodeAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = "twofold-backup-code";
    public static final String AMR = "backup";
    private static final BackupCodeAuthenticator SINGLETON = new BackupCodeAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Twofold backup code";
    }

    @Override
    public String getHelpText() {
        return "Accepts any unused backup code of the user, once. Tells the user how many are left and asks for a new set when needed.";
    }

    @Override
    protected String credentialType() {
        return BackupCodesCredentialModel.TYPE;
    }

    @Override
    protected String defaultAmrValue() {
        return AMR;
    }
}

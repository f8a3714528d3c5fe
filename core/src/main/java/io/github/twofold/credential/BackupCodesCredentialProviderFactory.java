package io.github.twofold.credential;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class BackupCodesCredentialProviderFactory implements CredentialProviderFactory<BackupCodesCredentialProvider> {

    public static final String PROVIDER_ID = CredentialTypes.BACKUP_CODES;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new BackupCodesCredentialProvider(session);
    }
}

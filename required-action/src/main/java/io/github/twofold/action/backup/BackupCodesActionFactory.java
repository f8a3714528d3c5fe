package io.github.twofold.action.backup;

import io.github.twofold.credential.BackupCodesCredentialProvider;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class BackupCodesActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = BackupCodesCredentialProvider.GENERATE_ACTION;
    private static final BackupCodesAction SINGLETON = new BackupCodesAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Twofold: create backup codes";
    }

    @Override
    public boolean isOneTimeAction() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}

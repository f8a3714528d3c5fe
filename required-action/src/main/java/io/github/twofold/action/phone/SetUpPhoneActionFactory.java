package io.github.twofold.action.phone;

import io.github.twofold.credential.SmsCredentialProvider;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class SetUpPhoneActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = SmsCredentialProvider.SET_UP_ACTION;
    private static final SetUpPhoneAction SINGLETON = new SetUpPhoneAction();

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
        return "Twofold: set up phone for SMS codes";
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

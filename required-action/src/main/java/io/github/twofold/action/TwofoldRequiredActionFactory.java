package io.github.twofold.action;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Factory of a stateless Twofold required action: one shared instance, one-time action. */
public abstract class TwofoldRequiredActionFactory implements RequiredActionFactory {

    private final RequiredActionProvider action;

    protected TwofoldRequiredActionFactory(RequiredActionProvider action) {
        this.action = action;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return action;
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

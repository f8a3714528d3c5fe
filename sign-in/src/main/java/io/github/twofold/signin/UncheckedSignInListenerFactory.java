package io.github.twofold.signin;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link UncheckedSignInListener} for every realm (global: no realm setting can leave it out). */
public class UncheckedSignInListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-sign-in-checks";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UncheckedSignInListener(session);
    }

    @Override
    public boolean isGlobal() {
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

    @Override
    public String getId() {
        return ID;
    }
}

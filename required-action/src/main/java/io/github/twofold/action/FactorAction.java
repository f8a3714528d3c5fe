package io.github.twofold.action;

import io.github.twofold.signin.SignInGuard;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * A Twofold required action that sets up a second factor: applications may start it with
 * {@code kc_action}; policies and login steps add it to the user when needed. Its triggers run
 * Twofold's checks at the end of every sign-in ({@link SignInGuard}).
 */
public abstract class FactorAction implements RequiredActionProvider {

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        SignInGuard.evaluate(context);
    }

    @Override
    public void close() {
    }
}

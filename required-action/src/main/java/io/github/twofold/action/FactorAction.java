package io.github.twofold.action;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * A Twofold required action that sets up a second factor: applications may start it with
 * {@code kc_action}, and it is never triggered by a condition of its own (policies and login steps
 * add it to the user when needed).
 */
public abstract class FactorAction implements RequiredActionProvider {

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void close() {
    }
}

package io.github.twofold.action.keycloak;

import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.action.FactorKindGate;
import io.github.twofold.action.SignInGuard;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's own set-up actions (authenticator app, security key, passkey, recovery codes)
 * with Twofold's {@link FactorChangeGate} (and, for the authenticator app, {@link FactorKindGate}) in front: everything else is Keycloak's, called as it is.
 * It stays a {@link CredentialRegistrator}, so Keycloak still asks for the credential type's level
 * when an application starts it with {@code kc_action}, and the admin console still lists it.
 */
final class GatedCredentialAction implements RequiredActionProvider, CredentialRegistrator {

    private final RequiredActionProvider keycloak;
    /** The set-up method whose kind the policy may refuse ({@link FactorKindGate}); null: none to check. */
    private final String method;

    GatedCredentialAction(RequiredActionProvider keycloak) {
        this(keycloak, null);
    }

    GatedCredentialAction(RequiredActionProvider keycloak, String method) {
        this.keycloak = keycloak;
        this.method = method;
    }

    private boolean allowed(RequiredActionContext context) {
        return FactorChangeGate.check(context) && (method == null || FactorKindGate.check(context, method));
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        SignInGuard.evaluate(context);
        keycloak.evaluateTriggers(context);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (allowed(context)) {
            keycloak.requiredActionChallenge(context);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (allowed(context)) {
            keycloak.processAction(context);
        }
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return keycloak.initiatedActionSupport();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        keycloak.initiatedActionCanceled(session, authSession);
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return keycloak.getMaxAuthAge(session);
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return keycloak instanceof CredentialAction action ? action.getCredentialType(session, authSession) : null;
    }

    @Override
    public void close() {
        keycloak.close();
    }
}

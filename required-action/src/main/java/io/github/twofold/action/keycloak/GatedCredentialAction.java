package io.github.twofold.action.keycloak;

import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.action.FactorKindGate;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's own set-up actions (authenticator app, security key, passkey, recovery codes)
 * with Twofold's {@link FactorChangeGate} (and, for the authenticator app, {@link FactorKindGate}) in front.
 * It stays a {@link CredentialRegistrator}, so Keycloak still asks for the credential type's level
 * when an application starts it with {@code kc_action}, and the admin console still lists it.
 */
final class GatedCredentialAction extends GatedAction implements CredentialRegistrator {

    private final RequiredActionProvider keycloak;

    GatedCredentialAction(RequiredActionProvider keycloak) {
        this(keycloak, (String) null);
    }

    /** {@code method}: the set-up method whose kind the policy may refuse ({@link FactorKindGate}); null: none to check. */
    GatedCredentialAction(RequiredActionProvider keycloak, String method) {
        this(keycloak, context -> FactorChangeGate.check(context) && (method == null || FactorKindGate.check(context, method)));
    }

    private GatedCredentialAction(RequiredActionProvider keycloak, java.util.function.Predicate<RequiredActionContext> allowed) {
        super(keycloak, allowed, allowed);
        this.keycloak = keycloak;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return keycloak instanceof CredentialAction action ? action.getCredentialType(session, authSession) : null;
    }
}

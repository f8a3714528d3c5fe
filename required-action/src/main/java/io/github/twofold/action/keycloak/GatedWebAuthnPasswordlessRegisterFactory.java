package io.github.twofold.action.keycloak;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.models.KeycloakSession;

/** {@code webauthn-register-passwordless} (a passkey), gated ({@link GatedCredentialAction}). */
public class GatedWebAuthnPasswordlessRegisterFactory extends WebAuthnPasswordlessRegisterFactory {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new GatedCredentialAction(super.create(session));
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}

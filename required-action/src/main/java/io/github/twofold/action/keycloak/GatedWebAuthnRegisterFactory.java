package io.github.twofold.action.keycloak;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.models.KeycloakSession;

/** {@code webauthn-register} (a security key as second factor), gated ({@link GatedCredentialAction}). */
public class GatedWebAuthnRegisterFactory extends WebAuthnRegisterFactory {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new GatedCredentialAction(super.create(session));
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}

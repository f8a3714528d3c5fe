package io.github.twofold.action.keycloak;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.RecoveryAuthnCodesAction;
import org.keycloak.models.KeycloakSession;

/** {@code CONFIGURE_RECOVERY_AUTHN_CODES} (Keycloak's recovery codes), gated ({@link GatedCredentialAction}). */
public class GatedRecoveryAuthnCodesAction extends RecoveryAuthnCodesAction {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new GatedCredentialAction(super.create(session));
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}

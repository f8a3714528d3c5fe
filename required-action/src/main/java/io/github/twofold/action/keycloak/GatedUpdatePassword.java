package io.github.twofold.action.keycloak;

import io.github.twofold.action.AccountSettingsGate;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdatePassword;
import org.keycloak.models.KeycloakSession;

/** {@code UPDATE_PASSWORD} with {@link AccountSettingsGate} in front ({@link GatedAction}). */
public class GatedUpdatePassword extends UpdatePassword {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return GatedAction.gated(super.create(session), AccountSettingsGate::check);
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}

package io.github.twofold.action.keycloak;

import io.github.twofold.action.AccountSettingsGate;
import io.github.twofold.action.SignInGuard;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdatePassword;
import org.keycloak.models.KeycloakSession;

/** {@code UPDATE_PASSWORD} with {@link AccountSettingsGate} in front; everything else is Keycloak's. */
public class GatedUpdatePassword extends UpdatePassword {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new GatedUpdatePassword();
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        SignInGuard.evaluate(context);
        super.evaluateTriggers(context);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (AccountSettingsGate.check(context)) {
            super.requiredActionChallenge(context);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (AccountSettingsGate.check(context)) {
            super.processAction(context);
        }
    }
}

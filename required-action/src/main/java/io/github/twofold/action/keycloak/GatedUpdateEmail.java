package io.github.twofold.action.keycloak;

import io.github.twofold.action.AccountSettingsGate;
import io.github.twofold.action.SignInGuard;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.UpdateEmail;

/** {@code UPDATE_EMAIL} with {@link AccountSettingsGate} in front; everything else is Keycloak's. */
public class GatedUpdateEmail extends UpdateEmail {

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

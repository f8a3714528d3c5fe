package io.github.twofold.action.keycloak;

import io.github.twofold.action.AccountSettingsGate;
import io.github.twofold.action.SignInGuard;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.UpdateProfile;
import org.keycloak.models.UserModel;

/**
 * {@code UPDATE_PROFILE}: where Keycloak's separate e-mail action is off, the profile form also
 * changes the e-mail address, and that change goes through {@link AccountSettingsGate}. The rest
 * of the profile (names, locale) stays as Keycloak has it.
 */
public class GatedUpdateProfile extends UpdateProfile {

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
    public void processAction(RequiredActionContext context) {
        String wanted = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.EMAIL);
        String current = context.getUser().getEmail();
        boolean changesEmail = wanted != null && !wanted.trim().equalsIgnoreCase(current == null ? "" : current.trim());
        if (!changesEmail || AccountSettingsGate.check(context)) {
            super.processAction(context);
        }
    }
}

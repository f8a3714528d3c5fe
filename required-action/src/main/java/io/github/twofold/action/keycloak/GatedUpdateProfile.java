package io.github.twofold.action.keycloak;

import io.github.twofold.action.AccountSettingsGate;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdateProfile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code UPDATE_PROFILE}: where Keycloak's separate e-mail action is off, the profile form also
 * changes the e-mail address, and that change goes through {@link AccountSettingsGate}. The rest
 * of the profile (names, locale) stays as Keycloak has it.
 */
public class GatedUpdateProfile extends UpdateProfile {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return emailGated(super.create(session));
    }

    /** Keycloak's profile form (its page as it is) with the e-mail change of its post checked. */
    static GatedAction emailGated(RequiredActionProvider profileForm) {
        return new GatedAction(profileForm, context -> true, GatedUpdateProfile::emailChangeAllowed);
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }

    private static boolean emailChangeAllowed(RequiredActionContext context) {
        String wanted = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.EMAIL);
        String current = context.getUser().getEmail();
        boolean changes = wanted != null && !wanted.trim().equalsIgnoreCase(current == null ? "" : current.trim());
        return !changes || AccountSettingsGate.check(context);
    }
}

package io.github.twofold.action.keycloak;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.VerifyUserProfile;
import org.keycloak.models.KeycloakSession;

/**
 * {@code VERIFY_PROFILE}: Keycloak asks for it by itself at sign-in whenever the profile misses
 * something the realm's user profile requires, and its form is the profile form, e-mail included
 * where Keycloak's separate e-mail action is off. The e-mail change goes through the same check
 * as {@link GatedUpdateProfile}'s.
 */
public class GatedVerifyProfile extends VerifyUserProfile {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return GatedUpdateProfile.emailGated(super.create(session));
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}

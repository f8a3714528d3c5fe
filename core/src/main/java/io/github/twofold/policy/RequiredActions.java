package io.github.twofold.policy;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/** Twofold's required actions (declared once here) and whether one can run in a realm: an admin may have switched it off. */
public final class RequiredActions {

    /** "Set up two-step sign-in": the chooser of a first second factor. */
    public static final String SET_UP_2FA = "twofold-set-up-2fa";
    /** Set up or replace the phone for SMS codes. */
    public static final String SET_UP_PHONE = "twofold-set-up-phone";
    /** Create a new set of backup codes. */
    public static final String BACKUP_CODES = "twofold-backup-codes";

    private RequiredActions() {
    }

    public static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}

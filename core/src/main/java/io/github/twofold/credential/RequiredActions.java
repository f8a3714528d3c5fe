package io.github.twofold.credential;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/** Whether a required action can run in a realm: an admin may have switched it off. */
public final class RequiredActions {

    private RequiredActions() {
    }

    public static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}

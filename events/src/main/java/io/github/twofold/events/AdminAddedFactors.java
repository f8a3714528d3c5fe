package io.github.twofold.events;

import io.github.twofold.credential.SecondFactors;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.UserModel;

/**
 * Whether an admin API request that created or updated a user stored a second factor with it.
 * Keycloak's admin event does not say (its representation is kept only where the realm keeps
 * admin event details), and no extension point sees the credentials it stores, so the user's
 * second factors are read back: one stored by this request is dated within moments before its
 * event. A date the representation itself carries (an admin may send {@code createdDate}) is
 * not believed when it lies ahead of the event.
 */
final class AdminAddedFactors {

    /** How long before its event a request may have stored the credential (one request's own work). */
    static final long WITHIN_MILLIS = 10_000;

    private AdminAddedFactors() {
    }

    static boolean in(AdminEvent event, UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(credential -> SecondFactors.isSecondFactor(credential.getType()) && storedBy(event, credential));
    }

    static boolean storedBy(AdminEvent event, CredentialModel credential) {
        Long created = credential.getCreatedDate();
        return created == null || created >= event.getTime() - WITHIN_MILLIS;
    }
}

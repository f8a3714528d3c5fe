package io.github.twofold.events;

import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.policy.TwofoldRealms;
import io.github.twofold.trust.TrustCheck;
import io.github.twofold.trust.TrustedBrowsers;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Set;
import java.util.regex.Matcher;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.ResourceType;
import java.util.regex.Pattern;
import org.keycloak.Config;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-trust-revocation}: a global listener that ends trusted browsers the moment their
 * ground goes, so the account console and the admin API never list a trust that no longer counts:
 * after a password or second-factor change (the user's own pages, Keycloak's actions, the Account
 * REST API, the admin API), emergency access granted, and an admin's "sign out" of the user (the
 * account console's "sign out all devices" is {@code AccountSignOutRevocation}'s). It runs in the
 * request's transaction, after the change.
 * The sign-in check ({@link TrustedBrowsers#check}) enforces the same rules for doors that emit no
 * event (a realm import, a change in the database).
 */
public class TrustRevocationListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-trust-revocation";

    private static final Set<EventType> CREDENTIAL_CHANGES = Set.of(EventType.UPDATE_PASSWORD, EventType.RESET_PASSWORD,
            EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL, EventType.UPDATE_TOTP, EventType.REMOVE_TOTP);
    /** Admin API paths that change a user's credentials or sign the user out: {@code users/{user}/reset-password|credentials/...|logout}. */
    private static final Pattern ANY_USER_PATH = Pattern.compile("users/([^/]+)");
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)/(?:reset-password|credentials/.+|logout)");

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getError() != null || event.getUserId() == null) {
                    return;
                }
                String twofold = event.getDetails() == null ? null : event.getDetails().get(TwofoldEvents.EVENT);
                String type = event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE);
                if (CREDENTIAL_CHANGES.contains(event.getType()) && !CredentialTypes.TRUSTED_BROWSER.equals(type)
                        || TwofoldEvent.of(twofold).map(TrustRevocationListenerFactory::endsTrust).orElse(false)) {
                    withUser(event.getRealmId(), event.getUserId(), this::dropStale);
                }
            }

            /** An admin changed something of one user (password, credentials, sign-out): trust given under what changed goes. */
            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getError() != null || event.getResourcePath() == null) {
                    return;
                }
                Matcher path = USER_PATH.matcher(event.getResourcePath());
                if (path.matches()) {
                    withUser(event.getRealmId(), path.group(1), this::dropStale);
                }
                Matcher user = ANY_USER_PATH.matcher(event.getResourcePath());
                if (event.getResourceType() == ResourceType.USER && user.lookingAt()) {
                    withUser(event.getRealmId(), user.group(1), this::endAccessIfDisabled);
                }
            }

            /**
             * Keycloak keeps no trace of a disabled account once it is enabled again; its not-before
             * does, and everything Twofold honours later is checked against it at use. Whatever
             * an admin changed of the user, a user found disabled gets a not-before of now.
             */
            private void endAccessIfDisabled(RealmModel realm, UserModel user) {
                if (!user.isEnabled()) {
                    session.users().setNotBeforeForUser(realm, user, Time.currentTime());
                    dropStale(realm, user);
                }
            }

            private void dropStale(RealmModel realm, UserModel user) {
                revoke(realm, user, TwofoldRequest.of(session, realm).trustedBrowsers().dropStale(user));
            }

            private void revoke(RealmModel realm, UserModel user, List<TrustCheck> reasons) {
                for (TrustCheck reason : reasons) {
                    TrustedBrowsers.reportRevoked(new EventBuilder(realm, session, session.getContext().getConnection()), user, reason.reason());
                }
            }

            private void withUser(String realmId, String userId, BiConsumer<RealmModel, UserModel> action) {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null || !TwofoldRealms.inUse(realm)) {
                    return;
                }
                UserModel user = session.users().getUserById(realm, userId);
                if (user != null) {
                    action.accept(realm, user);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    /**
     * Whether a Twofold event changes what a trust was given under, so the trust ends at once (the
     * sign-in check ends it anyway at use): the compiler checks that every event is decided. Phone
     * changes are credential changes Keycloak's own event type already covers.
     */
    static boolean endsTrust(TwofoldEvent event) {
        return switch (event) {
            case BACKUP_CODES_CREATED, EMERGENCY_ACCESS_GRANTED, EMERGENCY_FACTORS_RETIRED, CHANGE_REPORTED -> true;
            // the factors a recovery replaces go with EMERGENCY_FACTORS_RETIRED, after the new one is set up
            case RECOVERY_STARTED, RECOVERY_READY, RECOVERY_COMPLETED, RECOVERY_CANCELLED,
                    EMAIL_CODE_SENT, EMAIL_CODE_SEND_FAILED, EMAIL_CODE_BLOCKED,
                    SMS_SENT, SMS_SEND_FAILED, SMS_BLOCKED, SMS_NOT_DELIVERED, PHONE_VERIFICATION_SENT, PHONE_VERIFICATION_FAILED, PHONE_VERIFICATION_REFUSED,
                    PHONE_REJECTED, PHONE_ENROLLED, PHONE_REPLACED, BACKUP_CODE_USED, APP_ADDED, APP_ENROLLMENT_CODE_WRONG, FACTOR_REMOVED,
                    FACTOR_REMOVAL_REFUSED, FACTOR_CHANGE_REFUSED, FACTOR_KIND_REFUSED, ACCOUNT_CHANGE_REFUSED, SECOND_FACTOR_SETUP_REQUIRED,
                    SECOND_FACTOR_SETUP_POSTPONED, SECOND_FACTOR_METHOD_CHOSEN, LEVEL_CAPPED, PASSWORD_GRANT_REFUSED, BROKERED_SIGN_IN_REFUSED, SECOND_FACTOR_LOCKED,
                    SECOND_FACTOR_UNLOCKED, EMERGENCY_ACCESS_REVOKED, EMERGENCY_ACCESS_USED, TRUSTED_BROWSER_ADDED, TRUSTED_BROWSER_USED,
                    TRUSTED_BROWSER_REFUSED, TRUSTED_BROWSER_REVOKED, TRUSTED_BROWSER_NOT_HONOURED, PASSKEY_SIGN_IN, PASSKEY_NUDGE_SHOWN,
                    PASSKEY_NUDGE_ACCEPTED, PASSKEY_NUDGE_DISMISSED, REPORT_HOLD_LIFTED, NEW_BROWSER_SIGN_IN, NEW_NETWORK_SIGN_IN, NEW_COUNTRY_SIGN_IN -> false;
        };
    }
}

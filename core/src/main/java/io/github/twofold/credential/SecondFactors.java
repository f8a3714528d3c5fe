package io.github.twofold.credential;

import org.keycloak.models.utils.RoleUtils;
import org.keycloak.models.utils.KeycloakModelUtils;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.emergency.EmergencyAccess;
import java.util.Map;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Which second factors a user has, and whether one was proven recently: the evidence is Keycloak's
 * own record of completed login steps and when ({@code authenticators-completed}), so TOTP, passkeys,
 * SMS and backup codes all count, and a password or an emergency code does not.
 */
public final class SecondFactors {

    /** How recent a second factor must be for a factor change (NIST SP 800-63B-4, our docs/security.md). */
    public static final int FRESH_SECONDS = 300;

    /** Reference categories of steps that prove a second factor. */
    private static final Set<String> SECOND_FACTOR_CATEGORIES = Set.of(OTPCredentialModel.TYPE,
            RecoveryAuthnCodesCredentialModel.TYPE, WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

    private static final Set<String> CREDENTIAL_TYPES = Set.of(OTPCredentialModel.TYPE, SmsCredentialModel.TYPE,
            WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS, RecoveryAuthnCodesCredentialModel.TYPE);

    private SecondFactors() {
    }

    /** Whether the user has any second factor (backup codes count while codes are left). */
    public static boolean hasAny(KeycloakSession session, RealmModel realm, UserModel user) {
        boolean stored = user.credentialManager().getStoredCredentialsStream().anyMatch(c -> CREDENTIAL_TYPES.contains(c.getType()));
        return stored || new BackupCodes(session, realm).remaining(user) > 0;
    }

    /** Whether a second-factor step completed in this login (or the session it continues) within {@code seconds}. */
    public static boolean provenWithin(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, int seconds) {
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        } catch (IllegalStateException e) {
            return false;
        }
        int since = Time.currentTime() - seconds;
        for (Map.Entry<String, Integer> step : completed.entrySet()) {
            if (step.getValue() == null || step.getValue() < since) {
                continue;
            }
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(step.getKey());
            if (execution == null || execution.getAuthenticator() == null
                    || EmergencyAccess.AUTHENTICATOR_ID.equals(execution.getAuthenticator())) {
                continue;
            }
            Object factory = session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, execution.getAuthenticator());
            // Set.of(...).contains(null) throws: steps without a reference category are common
            if (factory instanceof AuthenticatorFactory f && f.getReferenceCategory() != null
                    && SECOND_FACTOR_CATEGORIES.contains(f.getReferenceCategory())) {
                return true;
            }
        }
        return false;
    }

    /** Auth-session note: this login started without any second factor and is setting up the first. */
    public static final String FIRST_SET_UP_NOTE = "twofold.first.set.up";

    /**
     * May this login change the user's second factors? Yes when the user has none yet (first
     * enrollment, and the rest of the login that enrolls it, e.g. backup codes after the first
     * method), proved one within {@link #FRESH_SECONDS}, or is this very login an emergency access,
     * whose purpose is enrolling a new factor (an admin verified the person and granted it).
     */
    public static boolean mayChange(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        return !hasAny(session, realm, user) || provenWithin(session, realm, authSession, FRESH_SECONDS)
                || authSession.getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null
                || authSession.getAuthNote(FIRST_SET_UP_NOTE) != null;
    }

    /**
     * Whether the realm policy requires a second factor of this user signing in to {@code client}
     * (null: no client known): the listed applications, then everyone / listed groups and roles / nobody.
     */
    public static boolean requiredFor(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client, TwofoldPolicy policy) {
        if (client != null && policy.secondFactorRequiredClients().contains(client.getClientId())) {
            return true;
        }
        return switch (policy.secondFactorRequiredFor()) {
            case TwofoldPolicy.REQUIRED_EVERYONE -> true;
            case TwofoldPolicy.REQUIRED_LISTED -> inListedGroup(session, realm, user, policy) || holdsListedRole(realm, user, policy);
            default -> false;
        };
    }

    private static boolean inListedGroup(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return policy.secondFactorRequiredGroups().stream()
                .map(path -> KeycloakModelUtils.findGroupByPath(session, realm, path))
                .filter(java.util.Objects::nonNull)
                .anyMatch(group -> RoleUtils.isMember(user.getGroupsStream(), group));
    }

    /** Realm roles by name, client roles as client-id/role; held directly, through groups or composites. */
    private static boolean holdsListedRole(RealmModel realm, UserModel user, TwofoldPolicy policy) {
        for (String name : policy.secondFactorRequiredRoles()) {
            int slash = name.indexOf('/');
            RoleModel role;
            if (slash > 0) {
                ClientModel owner = realm.getClientByClientId(name.substring(0, slash));
                role = owner == null ? null : owner.getRole(name.substring(slash + 1));
            } else {
                role = realm.getRole(name);
            }
            if (role != null && user.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a credential type is a second factor (backup codes included). */
    public static boolean isSecondFactor(String type) {
        return CREDENTIAL_TYPES.contains(type) || BackupCodesCredentialModel.TYPE.equals(type);
    }

    /**
     * Whether the user keeps a second factor other than backup codes when the credential
     * {@code removedId} is gone: backup codes back up a factor, they are not one to rely on.
     */
    public static boolean keepsAnotherFactor(UserModel user, String removedId) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> !c.getId().equals(removedId) && CREDENTIAL_TYPES.contains(c.getType())
                        && !RecoveryAuthnCodesCredentialModel.TYPE.equals(c.getType()));
    }
}

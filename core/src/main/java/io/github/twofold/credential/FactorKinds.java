package io.github.twofold.credential;

import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.PolicyClock;
import io.github.twofold.policy.TwofoldPolicy;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Which kinds of second factor the realm policy lets a user set up and use: members of the
 * policy's phishing-resistant groups use passkeys and security keys only (no authenticator app, no
 * text messages; backup codes stay as their recovery), and after the policy's last SMS enrollment
 * day nobody sets up a new phone for text messages (phones set up before keep working and can be
 * replaced). Set-up pages, Keycloak's own set-up actions and the sign-in's enforcement step all ask
 * here.
 */
public final class FactorKinds {

    /** Event reasons. */
    public static final String PHISHING_RESISTANT_ONLY = "phishing_resistant_only";
    public static final String SMS_ENROLLMENT_ENDED = "sms_enrollment_ended";

    private static final Set<String> PHISHING_RESISTANT = FactorKind.credentialTypes(FactorKind.where(FactorKind::phishingResistant));

    private FactorKinds() {
    }

    /** Whether the policy puts this user in a phishing-resistant group. */
    public static boolean phishingResistantOnly(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return SecondFactors.inAnyGroup(session, realm, user, policy.phishingResistantGroups());
    }

    /** Whether the user has a passkey or security key. */
    public static boolean hasPhishingResistant(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream().anyMatch(c -> PHISHING_RESISTANT.contains(c.getType()));
    }

    /** Whether the policy wants this user to add a passkey or security key they do not have yet. */
    public static boolean passkeyMissing(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return phishingResistantOnly(session, realm, user, policy) && !hasPhishingResistant(user);
    }

    /** Whether the policy refuses typed codes (app, SMS) from this user: a group member who has a passkey. */
    public static boolean refusesTypedCodes(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return phishingResistantOnly(session, realm, user, policy) && hasPhishingResistant(user);
    }

    /** Whether a factor of this credential type is one a phishing site can relay (a typed code). */
    public static boolean phishable(String credentialType) {
        return FactorKind.ofCredentialType(credentialType).map(FactorKinds::refusedFromPasskeyUsers).orElse(false);
    }

    /**
     * Whether the policy refuses this kind from a phishing-resistant group member who has a
     * passkey: a code typed from an app or a text message. Backup codes stay their recovery.
     */
    public static boolean refusedFromPasskeyUsers(FactorKind kind) {
        return kind.phishable() && !kind.backup();
    }

    /**
     * Why the policy refuses setting up {@code method} ({@link TwofoldPolicy#METHOD_APP}, ...) for
     * this user, if it does.
     */
    public static Optional<String> refusal(KeycloakSession session, RealmModel realm, UserModel user, String method) {
        if (TwofoldPolicy.METHOD_PASSKEY.equals(method)) {
            return Optional.empty();
        }
        TwofoldPolicy policy = OrganizationPolicy.forUser(session, realm, user, TwofoldPolicy.of(realm));
        if (phishingResistantOnly(session, realm, user, policy)) {
            return Optional.of(PHISHING_RESISTANT_ONLY);
        }
        LocalDate lastDay = policy.smsEnrollmentUntil();
        boolean newPhone = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).findAny().isEmpty();
        if (TwofoldPolicy.METHOD_SMS.equals(method) && lastDay != null && PolicyClock.today().isAfter(lastDay) && newPhone) {
            return Optional.of(SMS_ENROLLMENT_ENDED);
        }
        return Optional.empty();
    }
}

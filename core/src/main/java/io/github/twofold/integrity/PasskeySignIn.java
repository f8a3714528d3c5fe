package io.github.twofold.integrity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A sign-in that began with a passkey instead of a password: Keycloak's passkeys in its
 * username/password form ("Enable Passkeys" in the realm's WebAuthn passwordless policy). Where that
 * policy requires user verification, the passkey proved two factors at once (the device, and the
 * PIN or biometric that unlocked it), so the second step has nothing left to ask; where it does
 * not, the second step runs as after a password.
 *
 * <p>Keycloak records such a sign-in as its password form step. Twofold records the passkey as a
 * completed step of its own (the condition {@code twofold-condition-no-passkey-sign-in}, whose
 * reference category is the passkey's), so the level check, {@code amr} and the freshness of factor
 * changes see what was verified, in this sign-in and in the SSO sessions that continue it; and the
 * password form's {@code amr} value is left out of tokens, since no password was typed.
 */
public final class PasskeySignIn {

    /** The condition in the second-factor sub-flow that is false after such a sign-in. */
    public static final String CONDITION_ID = "twofold-condition-no-passkey-sign-in";
    /** {@code amr} of a passkey sign-in (RFC 8176: proof of possession of a hardware-secured key). */
    public static final String AMR = "hwk";

    private static final String USER_VERIFICATION_REQUIRED = "required";

    private PasskeySignIn() {
    }

    /** Whether this sign-in's first step was a passkey, not a password. */
    public static boolean usedHere(AuthenticationSessionModel authSession) {
        List<String> used = AuthenticatorUtil.getAuthnCredentials(authSession);
        return used.contains(WebAuthnCredentialModel.TYPE_PASSWORDLESS) && !used.contains(PasswordCredentialModel.TYPE);
    }

    /** Whether the realm's passkey policy demands a PIN or biometric on every use. */
    public static boolean userVerificationRequired(RealmModel realm) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        return policy != null && USER_VERIFICATION_REQUIRED.equals(policy.getUserVerificationRequirement());
    }

    /** Records the passkey as the completed step {@code executionId} of this sign-in (Keycloak keeps it in the SSO session). */
    public static void record(AuthenticationSessionModel authSession, String executionId) {
        AuthenticatorUtils.updateCompletedExecutions(authSession, null, executionId);
    }

    /**
     * The completed steps whose {@code amr} values a token may carry: all of them, except password
     * steps completed no later than a passkey sign-in (that form step was the passkey, not a
     * password). A password typed again later (e.g. {@code prompt=login}) counts again.
     */
    public static Map<String, Integer> amrSteps(KeycloakSession session, RealmModel realm, String completedNote) {
        Map<String, Integer> completed;
        try {
            completed = new LinkedHashMap<>(AuthenticatorUtils.parseCompletedExecutions(completedNote));
        } catch (IllegalStateException unreadable) {
            return Map.of();
        }
        int passkey = completed.entrySet().stream()
                .filter(step -> step.getValue() != null && isPasskeySignIn(SecondFactorProof.factory(session, realm, step.getKey())))
                .mapToInt(Map.Entry::getValue).max().orElse(-1);
        if (passkey >= 0) {
            completed.entrySet().removeIf(step -> step.getValue() != null && step.getValue() <= passkey
                    && isPassword(SecondFactorProof.factory(session, realm, step.getKey())));
        }
        return completed;
    }

    private static boolean isPasskeySignIn(AuthenticatorFactory factory) {
        return factory != null && CONDITION_ID.equals(factory.getId());
    }

    private static boolean isPassword(AuthenticatorFactory factory) {
        return factory != null && PasswordCredentialModel.TYPE.equals(factory.getReferenceCategory());
    }
}

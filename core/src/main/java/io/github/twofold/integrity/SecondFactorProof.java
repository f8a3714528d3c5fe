package io.github.twofold.integrity;

import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.policy.TwofoldPolicy;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.authenticators.directgrant.ValidatePassword;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.protocol.oidc.utils.AmrUtils;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * The one answer to "was a second factor verified in this authentication, and when" and "may this
 * session change the user's second factors". Every entry point asks here: Twofold's set-up pages,
 * Keycloak's own set-up and removal actions, the Account REST API, the level check after each
 * sign-in and the password grant.
 *
 * <p>The evidence is Keycloak's own record of the login steps completed in this authentication and
 * in the SSO session it continues, with the time of each ({@code authenticators-completed}): TOTP,
 * passkeys and security keys, Keycloak's recovery codes, Twofold's SMS and backup codes all count;
 * a password, an emergency code and a skipped or postponed step do not. An e-mailed fallback code
 * counts for the level where the policy says so, never for changing the factors. A passkey that signed in
 * instead of a password is recorded as a step of its own ({@link PasskeySignIn}).
 */
public final class SecondFactorProof {

    /** Reference categories of login steps that verify a second factor. */
    private static final Set<String> PROVING_CATEGORIES = Set.of(OTPCredentialModel.TYPE, RecoveryAuthnCodesCredentialModel.TYPE,
            WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

    /**
     * Steps in those categories that verify something else: an emergency code is an admin's
     * permission to enroll a new factor, a completed self-service recovery the same after its
     * waiting period; neither is a factor.
     */
    private static final Set<String> NOT_A_FACTOR = Set.of(EmergencyAccess.AUTHENTICATOR_ID, CredentialTypes.ACCOUNT_RECOVERY);

    /**
     * The e-mailed code's step: a second factor for the level where the policy says so
     * ({@code emailCodeLevel}), never one that makes a session fresh for changing the factors
     * (otherwise whoever reads the mailbox could replace them) or that may trust a browser.
     */
    private static final Set<String> FALLBACK_ONLY = Set.of(CredentialTypes.EMAIL_CODE);

    /** Auth-session note: this login started without any second factor and is setting up the first. */
    public static final String FIRST_SET_UP_NOTE = "twofold.first.set.up";

    private SecondFactorProof() {
    }

    /** Whether a step of this kind verifies a second factor when it succeeds. */
    public static boolean proves(AuthenticatorFactory factory) {
        return factory != null && provingCategory(factory.getReferenceCategory()) && !NOT_A_FACTOR.contains(factory.getId());
    }

    /** Whether a step is a fallback (the e-mailed code): it never lets a session change factors or trust a browser. */
    public static boolean fallbackOnly(AuthenticatorFactory factory) {
        return factory != null && FALLBACK_ONLY.contains(factory.getId());
    }

    /** Whether the step's success earns the second-factor level and {@code mfa} in this realm. */
    static boolean earnsLevel(RealmModel realm, AuthenticatorFactory factory) {
        return proves(factory) && (!fallbackOnly(factory) || TwofoldPolicy.of(realm).emailCodeLevel() >= 2);
    }

    /** Whether steps of this reference category verify second factors (Keycloak's level map is keyed by it). */
    static boolean provingCategory(String referenceCategory) {
        return referenceCategory != null && PROVING_CATEGORIES.contains(referenceCategory);
    }

    /**
     * When the latest second factor of a completed-steps record was verified (epoch seconds), if
     * ever. {@code completedNote} is Keycloak's {@code authenticators-completed} note.
     */
    public static OptionalInt lastVerified(KeycloakSession session, RealmModel realm, String completedNote) {
        return lastVerified(session, realm, completedNote, factory -> earnsLevel(realm, factory));
    }

    /** When the latest second factor that may change the factors was verified (never an e-mailed code). */
    static OptionalInt lastVerifiedForChanges(KeycloakSession session, RealmModel realm, String completedNote) {
        return lastVerified(session, realm, completedNote, factory -> proves(factory) && !fallbackOnly(factory));
    }

    private static OptionalInt lastVerified(KeycloakSession session, RealmModel realm, String completedNote,
                                            Predicate<AuthenticatorFactory> counts) {
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(completedNote);
        } catch (IllegalStateException unreadable) {
            return OptionalInt.empty();
        }
        int latest = -1;
        for (Map.Entry<String, Integer> step : completed.entrySet()) {
            if (step.getValue() == null || step.getValue() <= latest) {
                continue;
            }
            if (counts.test(factory(session, realm, step.getKey()))) {
                latest = step.getValue();
            }
        }
        return latest < 0 ? OptionalInt.empty() : OptionalInt.of(latest);
    }

    /**
     * Whether a session's tokens may say {@code mfa} (RFC 8176): among the completed steps still
     * valid for {@code amr} (each step's configured max age, where it has one), one verified a
     * second factor and one a password, or a passkey did both at once. An emergency code is never a
     * factor.
     */
    public static boolean multiFactor(KeycloakSession session, RealmModel realm, String completedNote) {
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(completedNote);
        } catch (IllegalStateException unreadable) {
            return false;
        }
        boolean password = false;
        boolean second = false;
        for (Map.Entry<String, Integer> step : completed.entrySet()) {
            AuthenticatorFactory factory = factory(session, realm, step.getKey());
            if (factory == null || step.getValue() == null || !amrValid(realm, step.getKey(), step.getValue())) {
                continue;
            }
            boolean passkey = WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(factory.getReferenceCategory());
            password |= passkey || passwordStep(factory);
            second |= earnsLevel(realm, factory);
        }
        return password && second;
    }

    /**
     * Whether the step checks the password. Keycloak before 26.5 gives the direct grant's password
     * step no reference category, so it is also known by its id.
     */
    private static boolean passwordStep(AuthenticatorFactory factory) {
        return PasswordCredentialModel.TYPE.equals(factory.getReferenceCategory()) || ValidatePassword.PROVIDER_ID.equals(factory.getId());
    }

    private static boolean amrValid(RealmModel realm, String executionId, int completedAt) {
        AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
        AuthenticatorConfigModel config = execution == null || execution.getAuthenticatorConfig() == null ? null
                : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        return config == null || config.getConfig() == null || !config.getConfig().containsKey(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE)
                || AmrUtils.isAmrValid(config.getConfig(), completedAt);
    }

    /** The login steps that succeeded in this sign-in itself (not in the SSO session it continues). */
    public static Stream<AuthenticatorFactory> succeededHere(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        return authSession.getExecutionStatus().entrySet().stream()
                .filter(step -> step.getValue() == ExecutionStatus.SUCCESS)
                .map(step -> factory(session, realm, step.getKey()))
                .filter(Objects::nonNull);
    }

    /**
     * The credential types the steps that succeeded in this sign-in checked ({@code otp},
     * {@code twofold-sms}, ...), in no particular order; steps that check no credential are left out.
     */
    public static Stream<String> credentialTypesUsedHere(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        return succeededHere(session, realm, authSession)
                .map(factory -> session.getProvider(Authenticator.class, factory.getId()))
                .filter(authenticator -> authenticator instanceof CredentialValidator<?>)
                .map(authenticator -> ((CredentialValidator<?>) authenticator).getType(session));
    }

    static AuthenticatorFactory factory(KeycloakSession session, RealmModel realm, String executionId) {
        AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
        return execution == null || execution.getAuthenticator() == null ? null
                : (AuthenticatorFactory) session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, execution.getAuthenticator());
    }

    /** When this login (or the SSO session it continues) last verified a second factor, if ever. */
    public static OptionalInt lastVerified(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        return lastVerified(session, realm, authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
    }

    /** When the session behind a token last verified a second factor, if ever. */
    public static OptionalInt lastVerified(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        return lastVerified(session, realm, userSession.getNote(Constants.AUTHENTICATORS_COMPLETED));
    }

    /** Whether {@code verifiedAt} lies within the realm's freshness window for factor changes. */
    public static boolean fresh(RealmModel realm, OptionalInt verifiedAt) {
        return verifiedAt.isPresent() && verifiedAt.getAsInt() >= Time.currentTime() - freshSeconds(realm);
    }

    /** The realm's freshness window for factor changes, in seconds. */
    public static int freshSeconds(RealmModel realm) {
        return TwofoldPolicy.of(realm).factorChangeFreshMinutes() * 60;
    }

    /**
     * May this login change the user's second factors? Yes when the user has none yet (trust on
     * first use, and the rest of the login that sets up the first one, e.g. backup codes after the
     * first method), verified one within the freshness window, or when this very login is an
     * emergency access, whose purpose is enrolling a new factor (an admin verified the person), or
     * completes a self-service recovery after its waiting period.
     */
    public static boolean mayChange(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        return !SecondFactors.hasAny(session, realm, user)
                || fresh(realm, lastVerifiedForChanges(session, realm, authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED)))
                || authSession.getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null
                || authSession.getAuthNote(FIRST_SET_UP_NOTE) != null;
    }

    /** May the session behind a bearer token change the user's second factors (the Account REST API)? */
    public static boolean mayChange(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel userSession) {
        return !SecondFactors.hasAny(session, realm, user)
                || userSession != null && fresh(realm, lastVerifiedForChanges(session, realm, userSession.getNote(Constants.AUTHENTICATORS_COMPLETED)));
    }
}

package io.github.twofold.credential;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * The kinds of second factor Twofold knows, Keycloak's and its own, declared once: the credential
 * type each is stored as, whether a phishing site can relay it (a typed code), whether it only
 * backs up another factor, and the value {@code amr} gives it. Every set of "which credentials
 * are second factors" in Twofold is derived from here, from the kinds a user holds as a
 * credential ({@link #stored()}); a code e-mailed to the user's address is a kind a sign-in can
 * verify but nobody holds.
 */
public enum FactorKind {

    /** Keycloak's TOTP / HOTP: an authenticator app. */
    APP(OTPCredentialModel.TYPE, true, false, "otp"),
    /** Twofold's phone: a code by text message. */
    SMS(CredentialTypes.SMS, true, false, "sms"),
    /** Keycloak's WebAuthn as a second factor: a security key. */
    SECURITY_KEY(WebAuthnCredentialModel.TYPE_TWOFACTOR, false, false, "hwk"),
    /** Keycloak's passwordless WebAuthn: a passkey. */
    PASSKEY(WebAuthnCredentialModel.TYPE_PASSWORDLESS, false, false, "hwk"),
    /** Keycloak's own recovery codes. */
    RECOVERY_CODES(RecoveryAuthnCodesCredentialModel.TYPE, true, true, "backup"),
    /** Twofold's backup codes. */
    BACKUP_CODES(CredentialTypes.BACKUP_CODES, true, true, "backup"),
    /**
     * A code e-mailed to the user's verified address, the fallback offered after the user's own
     * factors where the policy allows it. Stored as no credential: its "type" only names the kind.
     */
    EMAIL_CODE(CredentialTypes.EMAIL_CODE, true, false, "email");

    private final String credentialType;
    private final boolean phishable;
    private final boolean backup;
    private final String amr;

    FactorKind(String credentialType, boolean phishable, boolean backup, String amr) {
        this.credentialType = credentialType;
        this.phishable = phishable;
        this.backup = backup;
        this.amr = amr;
    }

    /** The credential type Keycloak stores this factor as. */
    public String credentialType() {
        return credentialType;
    }

    /** A code the user types, which a phishing site can relay. */
    public boolean phishable() {
        return phishable;
    }

    /** Phishing-resistant: a passkey or security key. */
    public boolean phishingResistant() {
        return !phishable;
    }

    /** Whether users hold this kind as a stored credential (every kind but the e-mailed code). */
    public boolean stored() {
        return this != EMAIL_CODE;
    }

    /** Only backs up another factor: never the reason to keep a user's last factor, never "a factor" on its own for set-up. */
    public boolean backup() {
        return backup;
    }

    /** The RFC 8176 {@code amr} value of a sign-in with this factor. */
    public String amr() {
        return amr;
    }

    /** The kind a credential type is, if it is a second factor. */
    public static Optional<FactorKind> ofCredentialType(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_CREDENTIAL_TYPE.get(type));
    }

    private static final java.util.Map<String, FactorKind> BY_CREDENTIAL_TYPE = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(FactorKind::credentialType, kind -> kind));

    /** The credential types of these kinds. */
    public static Set<String> credentialTypes(Set<FactorKind> kinds) {
        return kinds.stream().map(FactorKind::credentialType).collect(Collectors.toUnmodifiableSet());
    }

    /** Every kind that satisfies {@code which}. */
    public static Set<FactorKind> where(java.util.function.Predicate<FactorKind> which) {
        EnumSet<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
        Arrays.stream(values()).filter(which).forEach(kinds::add);
        return kinds;
    }
}

package io.github.twofold.credential;

/**
 * The credential types Twofold stores, declared once. They are stored in Keycloak's credential
 * table and named in realm exports, so they never change. (The emergency grant's type shares its
 * text with the emergency step, role and admin resource, which are declared in {@code emergency}.)
 */
public final class CredentialTypes {

    /** A verified phone for SMS codes. */
    public static final String SMS = "twofold-sms";
    /** A set of backup codes. */
    public static final String BACKUP_CODES = "twofold-backup-codes";
    /** An emergency-access grant given by the help desk. */
    public static final String EMERGENCY_GRANT = "twofold-emergency-access";
    /**
     * The name of the e-mailed code's kind ({@link FactorKind#EMAIL_CODE}). Never stored: an e-mail
     * address is no second factor anyone holds; the name only keeps the kinds' list keyed by type.
     */
    public static final String EMAIL_CODE = "twofold-email-code";
    /**
     * An open self-service recovery of a lost factor (its waiting period and when it ends): not a
     * second factor; made only by the recovery step, never through Keycloak's credential APIs.
     */
    public static final String ACCOUNT_RECOVERY = "twofold-recovery";
    /** A browser the user chose to trust: not a second factor, a way to skip it for a while. */
    public static final String TRUSTED_BROWSER = "twofold-trusted-browser";

    private CredentialTypes() {
    }
}

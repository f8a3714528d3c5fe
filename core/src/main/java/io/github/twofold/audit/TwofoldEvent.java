package io.github.twofold.audit;

import java.util.Locale;
import java.util.Optional;

/**
 * Every Twofold action that becomes an event, by the name it carries in {@code twofold_event}.
 * The one list: steps, pages and endpoints name their events from here, and each consumer
 * (security e-mails, trust revocation, metrics) decides about every one of them in a switch the
 * compiler checks for completeness, so a new event cannot be missed silently.
 */
public enum TwofoldEvent {
    // codes by SMS and phone set-up
    SMS_SENT, SMS_SEND_FAILED, SMS_BLOCKED, SMS_NOT_DELIVERED,
    PHONE_VERIFICATION_SENT, PHONE_VERIFICATION_FAILED, PHONE_VERIFICATION_REFUSED, PHONE_REJECTED, PHONE_ENROLLED, PHONE_REPLACED,
    // codes by e-mail (the fallback)
    EMAIL_CODE_SENT, EMAIL_CODE_SEND_FAILED, EMAIL_CODE_BLOCKED,
    // backup codes and the authenticator app
    BACKUP_CODES_CREATED, BACKUP_CODE_USED, APP_ADDED, APP_ENROLLMENT_CODE_WRONG,
    // factor changes and their refusals
    FACTOR_REMOVED, FACTOR_REMOVAL_REFUSED, FACTOR_CHANGE_REFUSED, FACTOR_KIND_REFUSED, ACCOUNT_CHANGE_REFUSED,
    // enforcement and levels
    SECOND_FACTOR_SETUP_REQUIRED, SECOND_FACTOR_SETUP_POSTPONED, SECOND_FACTOR_METHOD_CHOSEN, LEVEL_CAPPED, PASSWORD_GRANT_REFUSED, BROKERED_SIGN_IN_REFUSED,
    // the lock
    SECOND_FACTOR_LOCKED, SECOND_FACTOR_UNLOCKED,
    // emergency access
    EMERGENCY_ACCESS_GRANTED, EMERGENCY_ACCESS_REVOKED, EMERGENCY_ACCESS_USED, EMERGENCY_FACTORS_RETIRED,
    // trusted browsers
    TRUSTED_BROWSER_ADDED, TRUSTED_BROWSER_USED, NEW_BROWSER_SIGN_IN, NEW_NETWORK_SIGN_IN, NEW_COUNTRY_SIGN_IN, TRUSTED_BROWSER_REFUSED, TRUSTED_BROWSER_REVOKED, TRUSTED_BROWSER_NOT_HONOURED,
    // self-service recovery of a lost factor (the waiting period)
    RECOVERY_STARTED, RECOVERY_READY, RECOVERY_COMPLETED, RECOVERY_CANCELLED,
    // "this wasn't me" in a security e-mail, and the hold it puts on factor changes
    CHANGE_REPORTED, REPORT_HOLD_LIFTED,
    // passkeys
    PASSKEY_SIGN_IN, PASSKEY_NUDGE_SHOWN, PASSKEY_NUDGE_ACCEPTED, PASSKEY_NUDGE_DISMISSED;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The value of {@code twofold_event}. */
    public String key() {
        return key;
    }

    /** The event a {@code twofold_event} value names, if it is one of Twofold's. */
    public static Optional<TwofoldEvent> of(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(BY_KEY.get(key));
    }

    private static final java.util.Map<String, TwofoldEvent> BY_KEY = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(TwofoldEvent::key, event -> event));
}

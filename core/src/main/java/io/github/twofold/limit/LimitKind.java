package io.github.twofold.limit;

/**
 * Every limit Twofold enforces. The name goes into events ({@code twofold_limit}); the message key
 * tells the person what happened and what to do.
 */
public enum LimitKind {
    /** Resend cooldown within one login. */
    SMS_COOLDOWN("twofoldSmsCooldown"),
    SMS_PER_USER("twofoldSmsBudget"),
    SMS_PER_NUMBER("twofoldSmsBudget"),
    SMS_PER_PREFIX("twofoldSmsBudget"),
    SMS_PER_COUNTRY("twofoldSmsBudget"),
    SMS_PER_IP("twofoldSmsBudget"),
    /** Realm-wide circuit breaker. */
    SMS_PER_REALM("twofoldSmsSuspended"),
    /** Phone calls that read a code out, per user and day (on top of the SMS budgets). */
    VOICE_PER_USER("twofoldVoiceBudget"),
    /** E-mailed codes per user and day (the e-mail fallback has budgets of its own, not the SMS ones). */
    EMAIL_PER_USER("twofoldSmsBudget"),
    /** E-mailed codes per client address and hour, across accounts. */
    EMAIL_PER_IP("twofoldSmsBudget"),
    /** The budget all young accounts of a realm share instead of the realm's. */
    SMS_YOUNG_ACCOUNTS("twofoldSmsBudget"),
    /** The gateway's own fraud defence refused the number (Twilio Verify's fraud guard, geo permissions). */
    GATEWAY_REFUSED("twofoldSmsRefused"),
    /** Wrong entries of one code. */
    CODE_ATTEMPTS("twofoldCodeAttemptsExhausted"),
    /** Increasing delay after wrong entries on one account. */
    ACCOUNT_DELAY("twofoldTooManyAttemptsWait"),
    /** Account's second step locked until the failure window ends. */
    ACCOUNT_LOCK("twofoldSecondFactorLocked"),
    /** Wrong entries from one client address across accounts. */
    IP_FAILURES("twofoldTooManyAttemptsWait");

    private final String messageKey;

    LimitKind(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /** Whether the message tells how long to wait (with a seconds, a minutes and an hours variant). */
    public boolean timed() {
        return this != SMS_PER_REALM && this != CODE_ATTEMPTS && this != GATEWAY_REFUSED;
    }

    /** Value for event details. */
    public String eventValue() {
        return name().toLowerCase();
    }
}

package io.github.twofold.limit;

/** Allowed, or refused by one limit with the seconds until it may be tried again. */
public record LimitDecision(boolean allowed, LimitKind kind, long retryAfterSeconds) {

    public static final LimitDecision ALLOWED = new LimitDecision(true, null, 0);

    public static LimitDecision refused(LimitKind kind, long retryAfterSeconds) {
        return new LimitDecision(false, kind, Math.max(1, retryAfterSeconds));
    }

    /** Minutes to show a person, rounded up (at least 1). */
    public long retryAfterMinutes() {
        return Math.max(1, (retryAfterSeconds + 59) / 60);
    }

    /**
     * The message for a person: waits under two minutes are said in seconds ({@code <key>Seconds}),
     * longer ones in minutes ({@code <key>}); the single parameter is the number.
     */
    public String messageKey() {
        return kind.timed() && retryAfterSeconds < 120 ? kind.messageKey() + "Seconds" : kind.messageKey();
    }

    public Object messageParameter() {
        return kind.timed() && retryAfterSeconds < 120 ? retryAfterSeconds : retryAfterMinutes();
    }
}

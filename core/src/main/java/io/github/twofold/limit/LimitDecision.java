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
     * The message for a person, in the unit a person would use: under two minutes in seconds
     * ({@code <key>Seconds}), under two hours in minutes ({@code <key>}), longer in hours
     * ({@code <key>Hours}); the single parameter is the number, rounded up.
     */
    public String messageKey() {
        if (!kind.timed()) {
            return kind.messageKey();
        }
        return kind.messageKey() + (retryAfterSeconds < 120 ? "Seconds" : retryAfterSeconds < 7200 ? "" : "Hours");
    }

    public Object messageParameter() {
        if (!kind.timed() || retryAfterSeconds < 120) {
            return retryAfterSeconds;
        }
        return retryAfterSeconds < 7200 ? retryAfterMinutes() : (retryAfterSeconds + 3599) / 3600;
    }
}

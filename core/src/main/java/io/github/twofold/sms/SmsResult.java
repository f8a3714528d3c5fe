package io.github.twofold.sms;

/**
 * What one gateway made of one message. {@code detail} is safe to log: an HTTP status, "timeout",
 * an exception class; never a response body, number or text. {@code messageId} is the gateway's id
 * of an accepted message when the gateway will report its delivery (Twilio's message SID with
 * {@code status-callbacks} on), else null.
 */
public record SmsResult(Outcome outcome, String detail, String messageId) {

    public SmsResult(Outcome outcome, String detail) {
        this(outcome, detail, null);
    }

    public enum Outcome {
        DELIVERED,
        /** Error, timeout, 5xx, 429, refused credentials: the next gateway may succeed. */
        RETRYABLE,
        /** The gateway refused this message or number (4xx): another gateway would too. */
        PERMANENT,
        /**
         * The gateway's own fraud defence or its operator's rules refused this number (Twilio
         * Verify's fraud guard, its geo permissions): no other gateway is tried, so that its
         * defence is not gone around; the person sees the same page as for a spent budget.
         */
        REFUSED
    }

    public static SmsResult delivered() {
        return delivered(null);
    }

    public static SmsResult delivered(String messageId) {
        return new SmsResult(Outcome.DELIVERED, "ok", messageId);
    }

    public static SmsResult retryable(String detail) {
        return new SmsResult(Outcome.RETRYABLE, detail);
    }

    /** {@link Outcome#REFUSED}; {@code reason} goes into the event's {@code twofold_reason}. */
    public static SmsResult refused(String reason) {
        return new SmsResult(Outcome.REFUSED, reason);
    }

    public static SmsResult permanent(String detail) {
        return new SmsResult(Outcome.PERMANENT, detail);
    }

    /** Classifies an HTTP status the way every gateway does. */
    public static SmsResult ofHttpStatus(int status) {
        if (status >= 200 && status < 300) {
            return delivered();
        }
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 408) {
            return retryable("HTTP " + status);
        }
        return permanent("HTTP " + status);
    }
}

package io.github.twofold.sms;

import java.util.Set;

/**
 * A gateway's report on one message it accepted earlier, once the gateway's signature on it has
 * been checked: which message, its state ({@code delivered}, {@code undelivered}, ...), the number it
 * went to and, for a failure, the gateway's error code.
 */
public record DeliveryReport(String gateway, String messageId, String status, String to, String errorCode) {

    /** The states of Twilio's message status callback. */
    public static final Set<String> STATUSES = Set.of("accepted", "scheduled", "queued", "sending", "sent", "delivered",
            "undelivered", "failed", "read", "canceled", "partially_delivered", "receiving", "received");

    /** The text did not reach the phone: worth an event. */
    public boolean failed() {
        return "undelivered".equals(status) || "failed".equals(status);
    }
}

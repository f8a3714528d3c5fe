package io.github.twofold.sms;

import java.util.List;

/**
 * The outcome of sending one SMS through the failover list; {@code messageId} is the id the
 * delivering gateway gave the message, when it gives one.
 */
public record SmsDelivery(boolean delivered, String gateway, List<String> attempts, String failure, String messageId) {

    static SmsDelivery failed(List<String> attempts, String failure) {
        return new SmsDelivery(false, null, attempts, failure, null);
    }

    /** Event value for {@code twofold_gateway}: the gateway that delivered, or every one tried. */
    public String gatewayDetail() {
        return delivered ? gateway : String.join(",", attempts);
    }
}

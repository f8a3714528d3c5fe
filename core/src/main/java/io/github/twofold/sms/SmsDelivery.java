package io.github.twofold.sms;

import java.util.List;

/**
 * The outcome of sending one SMS through the failover list; {@code messageId} is the id the
 * delivering gateway gave the message, when it gives one. {@code ownCode}: the delivering gateway
 * made the code itself and checks it ({@link SmsGatewayFactory#checksCodes()}), so the code
 * Twofold made was not sent. {@code refusal}: a gateway refused the number for its own fraud or
 * policy reasons ({@link SmsResult.Outcome#REFUSED}), the reason.
 */
public record SmsDelivery(boolean delivered, String gateway, List<String> attempts, String failure, String messageId,
                          boolean ownCode, String refusal) {

    static SmsDelivery failed(List<String> attempts, String failure) {
        return new SmsDelivery(false, null, attempts, failure, null, false, null);
    }

    static SmsDelivery refused(List<String> attempts, String gateway, String reason) {
        return new SmsDelivery(false, null, attempts, gateway + ": " + reason, null, false, reason);
    }

    /** Event value for {@code twofold_gateway}: the gateway that delivered, or every one tried. */
    public String gatewayDetail() {
        return delivered ? gateway : String.join(",", attempts);
    }
}

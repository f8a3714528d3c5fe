package io.github.twofold.sms;

import java.util.List;

/** The outcome of sending one SMS through the failover list. */
public record SmsDelivery(boolean delivered, String gateway, List<String> attempts, String failure) {

    /** Event value for {@code twofold_gateway}: the gateway that delivered, or every one tried. */
    public String gatewayDetail() {
        return delivered ? gateway : String.join(",", attempts);
    }
}

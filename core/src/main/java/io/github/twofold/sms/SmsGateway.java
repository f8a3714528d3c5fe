package io.github.twofold.sms;

import org.keycloak.provider.Provider;

/**
 * One way to deliver an SMS. Implementations never throw for delivery problems and never put the
 * message text or the number into a log line or a result detail.
 */
public interface SmsGateway extends Provider {

    SmsResult send(String e164, String text);

    /**
     * Places a phone call that reads {@code speech} out in {@code language} (a BCP 47 tag such as
     * {@code de-DE}); only gateways whose factory says {@link SmsGatewayFactory#placesCalls()}.
     */
    default SmsResult call(String e164, String speech, String language) {
        return SmsResult.permanent("calls not configured");
    }

    @Override
    default void close() {
    }
}

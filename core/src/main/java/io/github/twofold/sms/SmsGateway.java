package io.github.twofold.sms;

import org.keycloak.provider.Provider;

/**
 * One way to deliver an SMS. Implementations never throw for delivery problems and never put the
 * message text or the number into a log line or a result detail.
 */
public interface SmsGateway extends Provider {

    SmsResult send(String e164, String text);

    @Override
    default void close() {
    }
}

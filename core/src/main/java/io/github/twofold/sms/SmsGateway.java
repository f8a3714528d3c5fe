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

    /**
     * Only gateways that make and check their own codes ({@link SmsGatewayFactory#checksCodes()}):
     * makes a code and sends it to {@code e164} by text, or reads it out in a call, in
     * {@code language} (a BCP 47 tag).
     */
    default SmsResult sendOwnCode(String e164, boolean call, String language) {
        return SmsResult.permanent("does not make codes");
    }

    /** Only gateways that make and check their own codes: whether {@code code} is the one last sent to {@code e164}. */
    default OwnCodeCheck checkOwnCode(String e164, String code) {
        return OwnCodeCheck.UNAVAILABLE;
    }

    /** A gateway's answer about a code it made. */
    enum OwnCodeCheck {
        RIGHT,
        WRONG,
        /** The gateway has no code waiting for this number any more (expired, used, or too many wrong tries). */
        EXPIRED,
        /** The gateway could not be asked (timeout, error, refused credentials). */
        UNAVAILABLE
    }

    @Override
    default void close() {
    }
}

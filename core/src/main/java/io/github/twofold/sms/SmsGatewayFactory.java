package io.github.twofold.sms;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** A gateway provider of the {@code twofold-sms-gateway} SPI. */
public interface SmsGatewayFactory extends ProviderFactory<SmsGateway> {

    /** Whether the operator configured this gateway (only configured gateways are used). */
    boolean isConfigured();

    /** Gateways are tried in descending priority (SPI option {@code priority}). */
    int priority();

    /**
     * A gateway that shows texts instead of sending them (dev-inbox). It is used only when no real
     * gateway is configured, so that it can never become the failover of a real one and put a real
     * user's code on its page.
     */
    default boolean isDemoOnly() {
        return false;
    }

    /** Whether the gateway places calls that read a code out ({@link SmsGateway#call}); the operator configures it. */
    default boolean placesCalls() {
        return false;
    }

    /**
     * Whether the gateway makes, sends and checks the code itself (Twilio Verify): Twofold then
     * keeps only which gateway has the code, and asks it ({@link SmsGateway#checkOwnCode}).
     */
    default boolean checksCodes() {
        return false;
    }

    /** The destination countries it serves (SPI options {@code countries}, {@code exclude-countries}). */
    default CountryRoute route() {
        return CountryRoute.EVERY_COUNTRY;
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        CountryRoutes.checkEveryRealm(factory);
    }

    @Override
    default void close() {
    }

    /** Shared option names. */
    String PRIORITY = "priority";
    String TIMEOUT_MS = "timeout-ms";
    int DEFAULT_TIMEOUT_MS = 5000;
}

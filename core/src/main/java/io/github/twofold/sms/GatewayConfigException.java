package io.github.twofold.sms;

/**
 * A real SMS gateway is partly or wrongly configured: Keycloak does not start, and says in one
 * line which option is missing or wrong. A gateway that half works would leave sign-ins without
 * SMS (or, worse, a demo inbox delivering codes in its place) without anybody noticing.
 */
public class GatewayConfigException extends IllegalStateException {

    public GatewayConfigException(String gateway, String problem) {
        super("Twofold SMS gateway '" + gateway + "' is not usable: " + problem
                + ". Fix it, or remove every --spi-twofold-sms-gateway--" + gateway + "--... option (KC_SPI_TWOFOLD_SMS_GATEWAY__"
                + gateway.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "__...) to run without it.");
    }
}

package io.github.twofold.sms;

import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Sends through the configured gateways that serve the number's country ({@link CountryRoute}), in
 * priority order: on an error, a timeout, 5xx or 429 the next one of them is tried; a message a
 * gateway refuses as such (4xx), or a number its fraud defence refuses, is not retried elsewhere.
 */
public final class SmsDispatcher {

    private static final Logger LOG = Logger.getLogger(SmsDispatcher.class);

    private SmsDispatcher() {
    }

    /** Configured gateways, in the order they are tried; a demo-only gateway only when there is no real one. */
    public static List<SmsGatewayFactory> gateways(KeycloakSession session) {
        return gateways(session.getKeycloakSessionFactory());
    }

    static List<SmsGatewayFactory> gateways(KeycloakSessionFactory factory) {
        List<SmsGatewayFactory> configured = factory.getProviderFactoriesStream(SmsGateway.class)
                .map(SmsGatewayFactory.class::cast)
                .filter(SmsGatewayFactory::isConfigured)
                .sorted(Comparator.comparingInt(SmsGatewayFactory::priority).reversed().thenComparing(SmsGatewayFactory::getId))
                .toList();
        boolean anyReal = configured.stream().anyMatch(g -> !g.isDemoOnly());
        return anyReal ? configured.stream().filter(g -> !g.isDemoOnly()).toList() : configured;
    }

    /**
     * Sends a code's {@code text}; a gateway that makes its own codes sends its own instead, in
     * {@code language} (the delivery then says {@link SmsDelivery#ownCode()}).
     */
    public static SmsDelivery send(KeycloakSession session, String e164, String text, String language) {
        return deliver(session, e164, "text", gateways(session),
                (factory, gateway) -> factory.checksCodes() ? gateway.sendOwnCode(e164, false, language) : gateway.send(e164, text));
    }

    /** Places a call that reads {@code speech} out, through the gateways that place calls, with the same routing and failover. */
    public static SmsDelivery call(KeycloakSession session, String e164, String speech, String language) {
        return deliver(session, e164, "call", callGateways(session),
                (factory, gateway) -> factory.checksCodes() ? gateway.sendOwnCode(e164, true, language) : gateway.call(e164, speech, language));
    }

    /** Configured gateways that place calls, in the order they are tried. */
    public static List<SmsGatewayFactory> callGateways(KeycloakSession session) {
        return gateways(session).stream().filter(SmsGatewayFactory::placesCalls).toList();
    }

    private static SmsDelivery deliver(KeycloakSession session, String e164, String what, List<SmsGatewayFactory> gateways,
                                       java.util.function.BiFunction<SmsGatewayFactory, SmsGateway, SmsResult> how) {
        List<String> attempts = new ArrayList<>();
        if (gateways.isEmpty()) {
            if (what.equals("call")) {
                LOG.warnf("No SMS gateway places calls (options voice-from / voice-url of the twofold-sms-gateway SPI); no call to %s", PhoneMask.mask(e164));
            } else {
                LOG.warn("No SMS gateway is configured (twofold-sms-gateway SPI); SMS codes cannot be sent");
            }
            return SmsDelivery.failed(attempts, "no_gateway");
        }
        String country = PhoneNumbers.regionOf(e164);
        List<SmsGatewayFactory> serving = gateways.stream().filter(g -> g.route().serves(country)).toList();
        if (serving.isEmpty()) {
            LOG.warnf("No SMS gateway serves %s (options countries / exclude-countries of the twofold-sms-gateway SPI); "
                    + "the %s to %s was not sent", country, what, PhoneMask.mask(e164));
            return SmsDelivery.failed(attempts, "no_gateway_for_country");
        }
        String failure = "no_gateway";
        for (SmsGatewayFactory factory : serving) {
            SmsResult result;
            try {
                result = how.apply(factory, session.getProvider(SmsGateway.class, factory.getId()));
            } catch (RuntimeException e) {
                result = SmsResult.retryable(e.getClass().getSimpleName());
            }
            attempts.add(factory.getId() + ":" + result.outcome().name().toLowerCase());
            if (result.outcome() == SmsResult.Outcome.DELIVERED) {
                LOG.debugf("The %s to %s was handed to gateway %s", what, PhoneMask.mask(e164), factory.getId());
                return new SmsDelivery(true, factory.getId(), attempts, null, result.messageId(), factory.checksCodes(), null);
            }
            if (result.outcome() == SmsResult.Outcome.REFUSED) {
                LOG.warnf("SMS gateway %s refused %s (%s); no other gateway is tried", factory.getId(), PhoneMask.mask(e164), result.detail());
                return SmsDelivery.refused(attempts, factory.getId(), result.detail());
            }
            failure = factory.getId() + ": " + result.detail();
            LOG.warnf("SMS gateway %s failed (%s) for %s%s", factory.getId(), result.detail(), PhoneMask.mask(e164), what.equals("call") ? " (a call)" : "");
            if (result.outcome() == SmsResult.Outcome.PERMANENT) {
                break;
            }
        }
        return SmsDelivery.failed(attempts, failure);
    }
}

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
 * gateway refuses as such (4xx) is not retried elsewhere.
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

    public static SmsDelivery send(KeycloakSession session, String e164, String text) {
        List<SmsGatewayFactory> gateways = gateways(session);
        List<String> attempts = new ArrayList<>();
        if (gateways.isEmpty()) {
            LOG.warn("No SMS gateway is configured (twofold-sms-gateway SPI); SMS codes cannot be sent");
            return SmsDelivery.failed(attempts, "no_gateway");
        }
        String country = PhoneNumbers.regionOf(e164);
        List<SmsGatewayFactory> serving = gateways.stream().filter(g -> g.route().serves(country)).toList();
        if (serving.isEmpty()) {
            LOG.warnf("No SMS gateway serves %s (options countries / exclude-countries of the twofold-sms-gateway SPI); "
                    + "the text to %s was not sent", country, PhoneMask.mask(e164));
            return SmsDelivery.failed(attempts, "no_gateway_for_country");
        }
        String failure = "no_gateway";
        for (SmsGatewayFactory factory : serving) {
            SmsResult result;
            try {
                result = session.getProvider(SmsGateway.class, factory.getId()).send(e164, text);
            } catch (RuntimeException e) {
                result = SmsResult.retryable(e.getClass().getSimpleName());
            }
            attempts.add(factory.getId() + ":" + result.outcome().name().toLowerCase());
            if (result.outcome() == SmsResult.Outcome.DELIVERED) {
                LOG.debugf("SMS to %s delivered by gateway %s", PhoneMask.mask(e164), factory.getId());
                return new SmsDelivery(true, factory.getId(), attempts, null, result.messageId());
            }
            failure = factory.getId() + ": " + result.detail();
            LOG.warnf("SMS gateway %s failed (%s) for %s", factory.getId(), result.detail(), PhoneMask.mask(e164));
            if (result.outcome() == SmsResult.Outcome.PERMANENT) {
                break;
            }
        }
        return SmsDelivery.failed(attempts, failure);
    }
}

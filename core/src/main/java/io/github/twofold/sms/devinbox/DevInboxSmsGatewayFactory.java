package io.github.twofold.sms.devinbox;

import io.github.twofold.phone.PhoneMask;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.CountryRoute;
import io.github.twofold.sms.SmsGatewayFactory;
import io.github.twofold.sms.SmsResult;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code dev-inbox}: keeps messages in memory and shows them at
 * {@code /realms/<realm>/twofold/dev-inbox}, so a person trying the demo reads SMS codes without a
 * phone. Off unless {@code --spi-twofold-sms-gateway--dev-inbox--enabled=true}; refuses to start in
 * production mode ({@code kc.sh start}) unless {@code force-production=true} as well.
 */
public class DevInboxSmsGatewayFactory implements SmsGatewayFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "dev-inbox";
    private static final Logger LOG = Logger.getLogger(DevInboxSmsGatewayFactory.class);

    private int priority;
    private CountryRoute route = CountryRoute.EVERY_COUNTRY;
    private volatile boolean active = true;

    @Override
    public boolean isSupported(Config.Scope config) {
        return config.getBoolean("enabled", false);
    }

    @Override
    public void init(Config.Scope config) {
        route = CountryRoute.of(getId(), config);
        priority = config.getInt(PRIORITY, 10);
        if (!Environment.isDevMode() && !config.getBoolean("force-production", false)) {
            throw new IllegalStateException("The dev-inbox SMS gateway shows SMS codes on a web page and is for demos only; "
                    + "it refuses to run in production mode. Remove --spi-twofold-sms-gateway--dev-inbox--enabled "
                    + "or, for a throw-away test server only, add --spi-twofold-sms-gateway--dev-inbox--force-production=true");
        }
    }

    /**
     * Off as soon as a real gateway is configured (e.g. Twilio variables set in docker-compose
     * next to the demo's inbox): no message goes there, and its page is gone.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SmsGatewayFactory.super.postInit(factory);
        List<String> real = factory.getProviderFactoriesStream(SmsGateway.class)
                .map(f -> (SmsGatewayFactory) f)
                .filter(f -> !f.isDemoOnly() && f.isConfigured())
                .map(SmsGatewayFactory::getId)
                .sorted().toList();
        if (real.isEmpty()) {
            LOG.warn("dev-inbox SMS gateway is ENABLED: SMS codes are shown at /realms/<realm>/twofold/dev-inbox. Never use it in production.");
        } else {
            active = false;
            LOG.infof("dev-inbox SMS gateway is off: a real gateway is configured (%s)", String.join(", ", real));
        }
    }

    @Override
    public SmsGateway create(KeycloakSession session) {
        String realm = session.getContext().getRealm() == null ? "" : session.getContext().getRealm().getName();
        return (e164, text) -> {
            DevInbox.add(new DevInbox.Message(realm, PhoneMask.mask(e164), text, Instant.now()));
            return SmsResult.delivered();
        };
    }

    @Override
    public boolean isConfigured() {
        return active;
    }

    @Override
    public boolean isDemoOnly() {
        return true;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public CountryRoute route() {
        return route;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CountryRoute.withOptions(ProviderConfigurationBuilder.create()
                .property().name("enabled").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).helpText("Turns the demo inbox on.").add()
                .property().name("force-production").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).helpText("Allows it in production mode (throw-away servers only).").add()
                .property().name(PRIORITY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10).helpText("Gateways are tried highest priority first.").add()
                .build());
    }
}

package io.github.twofold.sms.twilio;

import com.twilio.http.TwilioRestClient;
import io.github.twofold.sms.CountryRoute;
import io.github.twofold.sms.GatewayConfigException;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsGatewayFactory;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code twilio-verify}: Twilio Verify makes, sends and checks the codes. Options
 * ({@code --spi-twofold-sms-gateway--twilio-verify--<option>}): {@code account-sid},
 * {@code auth-token} (or {@code api-key-sid} + {@code api-key-secret}), {@code service-sid},
 * {@code calls}, {@code timeout-ms}, {@code priority}, {@code countries} / {@code exclude-countries},
 * {@code base-url}.
 */
public class TwilioVerifyGatewayFactory implements SmsGatewayFactory {

    public static final String PROVIDER_ID = "twilio-verify";
    static final String SERVICE_SID = "service-sid";
    static final String CALLS = "calls";
    private static final Logger LOG = Logger.getLogger(TwilioVerifyGatewayFactory.class);

    private TwilioRestClient client;
    private String serviceSid;
    private boolean calls;
    private int priority;
    private CountryRoute route = CountryRoute.EVERY_COUNTRY;

    @Override
    public void init(Config.Scope config) {
        TwilioAccount account = TwilioAccount.of(config);
        serviceSid = TwilioAccount.trim(config.get(SERVICE_SID));
        calls = config.getBoolean(CALLS, false);
        route = CountryRoute.of(getId(), config);
        priority = config.getInt(PRIORITY, 40);
        int timeoutMs = config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        String baseUrl = TwilioAccount.trim(config.get("base-url"));
        List<String> missing = new ArrayList<>(account.missing());
        if (serviceSid == null) {
            missing.add(SERVICE_SID);
        }
        if (!missing.isEmpty()) {
            if (account.anySet() || serviceSid != null) {
                throw new GatewayConfigException(PROVIDER_ID, "missing " + String.join(", ", missing));
            }
            return;
        }
        if (!serviceSid.matches("VA[0-9a-fA-F]{32}")) {
            throw new GatewayConfigException(PROVIDER_ID, SERVICE_SID + " must be a Verify service SID (VA and 32 hex digits)");
        }
        client = account.client(baseUrl, timeoutMs);
        LOG.infof("Twilio Verify gateway configured (priority %d, timeout %d ms%s%s%s): Twilio makes and checks the codes",
                priority, timeoutMs, baseUrl == null ? "" : ", custom base URL", calls ? ", calls" : "", route.describe());
    }

    @Override
    public SmsGateway create(KeycloakSession session) {
        return new TwilioVerifyGateway(client, serviceSid, calls);
    }

    @Override
    public boolean isConfigured() {
        return client != null;
    }

    @Override
    public boolean checksCodes() {
        return true;
    }

    @Override
    public boolean placesCalls() {
        return client != null && calls;
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
        return CountryRoute.withOptions(TwilioAccount.options(ProviderConfigurationBuilder.create())
                .property().name(SERVICE_SID).type(ProviderConfigProperty.STRING_TYPE).helpText("The Verify service SID (VA...). Its code length must be the realms' SMS code length.").add()
                .property().name(CALLS).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                        .helpText("Also read codes out in calls through Verify's call channel ('Call me instead').").add()
                .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS).helpText("Bound on one call, in milliseconds.").add()
                .property().name(PRIORITY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(40).helpText("Gateways are tried highest priority first.").add()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE).helpText("Replaces https://verify.twilio.com (tests, regional proxies).").add()
                .build());
    }
}

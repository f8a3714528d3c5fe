package io.github.twofold.sms.twilio;

import com.twilio.http.TwilioRestClient;
import io.github.twofold.sms.CountryRoute;
import io.github.twofold.sms.GatewayConfigException;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsGatewayFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code twilio}: Twilio's Messages API through the Twilio Java SDK. Options
 * ({@code --spi-twofold-sms-gateway--twilio--<option>}): {@code account-sid}, {@code auth-token}
 * (or {@code api-key-sid} + {@code api-key-secret}), {@code from} (or
 * {@code messaging-service-sid}), {@code timeout-ms}, {@code priority}, {@code base-url},
 * {@code status-callbacks} (ask Twilio to report each message's delivery; needs {@code auth-token}).
 */
public class TwilioSmsGatewayFactory implements SmsGatewayFactory {

    public static final String PROVIDER_ID = "twilio";
    static final String STATUS_CALLBACKS = "status-callbacks";
    private static final Logger LOG = Logger.getLogger(TwilioSmsGatewayFactory.class);

    private TwilioRestClient client;
    private String from;
    private String messagingServiceSid;
    /** The number calls come from (a Twilio voice number), or null: no calls. */
    private String voiceFrom;
    private int priority;
    private CountryRoute route = CountryRoute.EVERY_COUNTRY;
    private TwilioStatusCallback statusCallback;

    @Override
    public void init(Config.Scope config) {
        TwilioAccount account = TwilioAccount.of(config);
        from = trim(config.get("from"));
        messagingServiceSid = trim(config.get("messaging-service-sid"));
        voiceFrom = trim(config.get("voice-from"));
        route = CountryRoute.of(getId(), config);
        priority = config.getInt(PRIORITY, 30);
        int timeoutMs = config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        String baseUrl = trim(config.get("base-url"));

        List<String> missing = new ArrayList<>(account.missing());
        if (from == null && messagingServiceSid == null) {
            missing.add("from (or messaging-service-sid)");
        }
        boolean anySet = account.anySet() || from != null || messagingServiceSid != null;
        if (!missing.isEmpty()) {
            if (anySet) {
                throw new GatewayConfigException(PROVIDER_ID, "missing " + String.join(", ", missing));
            }
            return;
        }
        if (voiceFrom != null && !voiceFrom.matches("\\+[1-9][0-9]{6,14}")) {
            throw new GatewayConfigException(PROVIDER_ID, "voice-from must be a phone number in E.164 form (+ and digits)");
        }
        if (config.getBoolean(STATUS_CALLBACKS, false)) {
            if (account.authToken() == null) {
                throw new GatewayConfigException(PROVIDER_ID, STATUS_CALLBACKS
                        + " needs auth-token: Twilio signs its callbacks with the account's auth token, not with an API key");
            }
            statusCallback = new TwilioStatusCallback(account.authToken());
        }
        client = account.client(baseUrl, timeoutMs);
        LOG.infof("Twilio SMS gateway configured (priority %d, timeout %d ms%s%s%s%s)", priority, timeoutMs,
                baseUrl == null ? "" : ", custom base URL", voiceFrom == null ? "" : ", calls", statusCallback == null ? "" : ", delivery reports to /realms/<realm>/twofold/"
                        + TwilioStatusCallback.PATH, route.describe());
    }

    private static String trim(String value) {
        return TwilioAccount.trim(value);
    }

    @Override
    public SmsGateway create(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        String callback = statusCallback == null || realm == null ? null : TwilioStatusCallback.url(session, realm);
        return new TwilioSmsGateway(client, from, messagingServiceSid, callback, voiceFrom);
    }

    /** The check of Twilio's delivery reports, when {@code status-callbacks} is on. */
    public Optional<TwilioStatusCallback> statusCallback() {
        return Optional.ofNullable(statusCallback);
    }

    @Override
    public boolean isConfigured() {
        return client != null;
    }

    @Override
    public boolean placesCalls() {
        return client != null && voiceFrom != null;
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
                .property().name("from").type(ProviderConfigProperty.STRING_TYPE).helpText("Sender number in E.164 or alphanumeric sender id.").add()
                .property().name("voice-from").type(ProviderConfigProperty.STRING_TYPE).helpText("A Twilio voice number in E.164: with it, the gateway also places calls that read a code out ('Call me instead').").add()
                .property().name("messaging-service-sid").type(ProviderConfigProperty.STRING_TYPE).helpText("Messaging Service SID (MG...), instead of from.").add()
                .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS).helpText("Bound on one call, in milliseconds.").add()
                .property().name(PRIORITY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30).helpText("Gateways are tried highest priority first.").add()
                .property().name(STATUS_CALLBACKS).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                        .helpText("Ask Twilio to post each message's delivery status to Keycloak (needs auth-token; Twilio must reach Keycloak's frontend URL).").add()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE).helpText("Replaces https://api.twilio.com (tests, regional proxies).").add()
                .build());
    }
}

package io.github.twofold.sms.http;

import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.GatewayConfigException;
import io.github.twofold.sms.CountryRoute;
import io.github.twofold.sms.SmsGatewayFactory;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code http}: any vendor with an HTTP API. Options: {@code url}, {@code format} ({@code json} or
 * {@code form}), {@code body-template} with {@code ${to}} and {@code ${text}} (escaped for the
 * format), {@code headers} ({@code Name: value} pairs separated by {@code ;}), {@code bearer-token}
 * or {@code basic-username} + {@code basic-password}, {@code timeout-ms}, {@code priority}; delivery
 * reports with {@code status-secret} and {@code message-id-field} ({@link HttpStatusCallback}).
 */
public class HttpSmsGatewayFactory implements SmsGatewayFactory {

    public static final String PROVIDER_ID = "http";
    private static final Logger LOG = Logger.getLogger(HttpSmsGatewayFactory.class);

    private HttpSmsGateway.Settings settings;
    private HttpStatusCallback statusCallback;
    private int priority;
    private CountryRoute route = CountryRoute.EVERY_COUNTRY;

    @Override
    public void init(Config.Scope config) {
        route = CountryRoute.of(getId(), config);
        priority = config.getInt(PRIORITY, 20);
        String url = config.get("url");
        if (url == null || url.isBlank()) {
            if (config.get("bearer-token") != null || config.get("basic-username") != null || config.get("body-template") != null
                    || config.get("status-secret") != null) {
                throw new GatewayConfigException(PROVIDER_ID, "missing url");
            }
            return;
        }
        URI uri = httpUrl(url, "url");
        String format = config.get("format", "json").trim().toLowerCase();
        if (!format.equals("json") && !format.equals("form")) {
            throw new GatewayConfigException(PROVIDER_ID, "format must be json or form");
        }
        String template = config.get("body-template");
        if (template == null || template.isBlank()) {
            template = format.equals("json") ? "{\"to\":\"${to}\",\"text\":\"${text}\"}" : "to=${to}&text=${text}";
        }
        if (!template.contains("${text}") || !template.contains("${to}")) {
            throw new GatewayConfigException(PROVIDER_ID, "body-template must contain ${to} and ${text}");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String rawHeaders = config.get("headers");
        if (rawHeaders != null) {
            for (String pair : rawHeaders.split(";")) {
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    headers.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                }
            }
        }
        String bearer = config.get("bearer-token");
        String basicUser = config.get("basic-username");
        String basicPassword = config.get("basic-password");
        if (bearer != null && !bearer.isBlank()) {
            headers.put("Authorization", "Bearer " + bearer.trim());
        } else if (basicUser != null && basicPassword != null) {
            headers.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (basicUser + ":" + basicPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        URI voiceUri = null;
        String voiceTemplate = null;
        String voiceUrl = config.get("voice-url");
        if (voiceUrl != null && !voiceUrl.isBlank()) {
            voiceUri = httpUrl(voiceUrl, "voice-url");
            voiceTemplate = config.get("voice-body-template");
            if (voiceTemplate == null || voiceTemplate.isBlank()) {
                voiceTemplate = format.equals("json") ? "{\"to\":\"${to}\",\"text\":\"${text}\",\"language\":\"${language}\"}"
                        : "to=${to}&text=${text}&language=${language}";
            }
            if (!voiceTemplate.contains("${text}") || !voiceTemplate.contains("${to}")) {
                throw new GatewayConfigException(PROVIDER_ID, "voice-body-template must contain ${to} and ${text}");
            }
        }
        String statusSecret = config.get("status-secret");
        String messageIdField = null;
        if (statusSecret != null && !statusSecret.isBlank()) {
            if (statusSecret.trim().length() < 16) {
                throw new GatewayConfigException(PROVIDER_ID, "status-secret must have at least 16 characters");
            }
            messageIdField = config.get("message-id-field", "id").trim();
            if (messageIdField.isEmpty()) {
                throw new GatewayConfigException(PROVIDER_ID, "message-id-field is empty");
            }
            statusCallback = new HttpStatusCallback(statusSecret.trim());
        }
        Duration timeout = Duration.ofMillis(config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS));
        settings = new HttpSmsGateway.Settings(uri, format.equals("json"), template, Map.copyOf(headers), timeout,
                java.net.http.HttpClient.newBuilder().connectTimeout(timeout).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build(),
                voiceUri, voiceTemplate, messageIdField);
        LOG.infof("HTTP SMS gateway configured (priority %d, timeout %d ms, %s%s%s%s)", priority, timeout.toMillis(), format,
                voiceUri == null ? "" : ", calls", statusCallback == null ? "" : ", delivery reports", route.describe());
    }

    /** The check of delivery reports posted for this gateway, when {@code status-secret} is set. */
    public Optional<HttpStatusCallback> statusCallback() {
        return Optional.ofNullable(statusCallback);
    }

    /** An option's value as an http(s) URL, or the start fails naming the option. */
    private static URI httpUrl(String value, String option) {
        try {
            URI uri = URI.create(value.trim());
            if ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new GatewayConfigException(PROVIDER_ID, option + " is not an http(s) URL");
    }

    @Override
    public SmsGateway create(KeycloakSession session) {
        return new HttpSmsGateway(settings);
    }

    @Override
    public boolean isConfigured() {
        return settings != null;
    }

    @Override
    public boolean placesCalls() {
        return settings != null && settings.voiceUrl() != null;
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
                .property().name("url").type(ProviderConfigProperty.STRING_TYPE).helpText("Endpoint that sends one SMS per POST.").add()
                .property().name("format").type(ProviderConfigProperty.STRING_TYPE).defaultValue("json").helpText("json or form.").add()
                .property().name("body-template").type(ProviderConfigProperty.STRING_TYPE).helpText("Request body with ${to} and ${text}.").add()
                .property().name("voice-url").type(ProviderConfigProperty.STRING_TYPE).helpText("Endpoint that places one call reading a code out per POST ('Call me instead'); same format, headers and authentication.").add()
                .property().name("voice-body-template").type(ProviderConfigProperty.STRING_TYPE).helpText("Call request body with ${to}, ${text} and ${language} (a BCP 47 tag such as de-DE).").add()
                .property().name("headers").type(ProviderConfigProperty.STRING_TYPE).helpText("Extra headers: 'Name: value; Name2: value2'.").add()
                .property().name("bearer-token").type(ProviderConfigProperty.PASSWORD).secret(true).helpText("Sent as Authorization: Bearer.").add()
                .property().name("basic-username").type(ProviderConfigProperty.STRING_TYPE).helpText("HTTP basic auth user.").add()
                .property().name("basic-password").type(ProviderConfigProperty.PASSWORD).secret(true).helpText("HTTP basic auth password.").add()
                .property().name("status-secret").type(ProviderConfigProperty.PASSWORD).secret(true).helpText("Turns delivery reports on: the shared secret (16 characters or more) that signs reports posted to /realms/{realm}/twofold/sms-status/http.").add()
                .property().name("message-id-field").type(ProviderConfigProperty.STRING_TYPE).defaultValue("id").helpText("The top-level field of the vendor's JSON answer to a text that holds the message id (with status-secret).").add()
                .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS).helpText("Bound on one call, in milliseconds.").add()
                .property().name(PRIORITY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(20).helpText("Gateways are tried highest priority first.").add()
                .build());
    }
}

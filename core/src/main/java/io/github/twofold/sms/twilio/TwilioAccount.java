package io.github.twofold.sms.twilio;

import com.twilio.http.TwilioRestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The Twilio account a gateway uses, from its SPI options: {@code account-sid} with
 * {@code auth-token}, or with {@code api-key-sid} + {@code api-key-secret}.
 */
record TwilioAccount(String accountSid, String authToken, String apiKeySid, String apiKeySecret) {

    static TwilioAccount of(Config.Scope config) {
        return new TwilioAccount(trim(config.get("account-sid")), trim(config.get("auth-token")),
                trim(config.get("api-key-sid")), trim(config.get("api-key-secret")));
    }

    /** Whether any of the account's options is set (then a missing one is a configuration error, not "off"). */
    boolean anySet() {
        return accountSid != null || authToken != null || apiKeySid != null || apiKeySecret != null;
    }

    /** The options that are missing for a usable account. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (accountSid == null) {
            missing.add("account-sid");
        }
        if (authToken == null && !keyAuth()) {
            missing.add("auth-token (or api-key-sid + api-key-secret)");
        }
        return missing;
    }

    private boolean keyAuth() {
        return apiKeySid != null && apiKeySecret != null;
    }

    /** A client whose every request goes through {@link TwilioHttpClient}: bounded by {@code timeoutMs}, to {@code baseUrl} when set. */
    TwilioRestClient client(String baseUrl, int timeoutMs) {
        TwilioRestClient.Builder builder = keyAuth()
                ? new TwilioRestClient.Builder(apiKeySid, apiKeySecret).accountSid(accountSid)
                : new TwilioRestClient.Builder(accountSid, authToken);
        return builder.httpClient(new TwilioHttpClient(baseUrl, Duration.ofMillis(timeoutMs))).build();
    }

    /** The account's options, for a gateway's option list. */
    static ProviderConfigurationBuilder options(ProviderConfigurationBuilder builder) {
        return builder
                .property().name("account-sid").type(ProviderConfigProperty.STRING_TYPE).helpText("Twilio account SID (AC...).").add()
                .property().name("auth-token").type(ProviderConfigProperty.PASSWORD).helpText("Twilio auth token. Or use an API key.").secret(true).add()
                .property().name("api-key-sid").type(ProviderConfigProperty.STRING_TYPE).helpText("Twilio API key SID (SK...), instead of the auth token.").add()
                .property().name("api-key-secret").type(ProviderConfigProperty.PASSWORD).helpText("Twilio API key secret.").secret(true).add();
    }

    static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

package io.github.twofold.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.twofold.sms.GatewayConfigException;
import io.github.twofold.sms.OptionsScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/**
 * The {@code twilio-verify} gateway's options: off without any, usable with an account and a
 * Verify service, and a start-up error naming what is missing or malformed, never a secret.
 * (What it does with Verify's answers is tested through the real server, {@code TwilioVerifyIT}.)
 */
class TwilioVerifyGatewayFactoryTest {

    private static final String TOKEN = "tok-91c4e0b27d5a4f36";
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String SERVICE = "VA0123456789abcdef0123456789abcdef";

    private static TwilioVerifyGatewayFactory init(Map<String, String> options) {
        Config.Scope config = OptionsScope.of(options);
        TwilioVerifyGatewayFactory factory = new TwilioVerifyGatewayFactory();
        factory.init(config);
        return factory;
    }

    @Test
    void withoutOptionsTheGatewayIsSimplyNotThere() {
        TwilioVerifyGatewayFactory factory = init(Map.of());
        assertThat(factory.isConfigured()).isFalse();
        assertThat(factory.placesCalls()).isFalse();
    }

    @Test
    void anAccountAndAServiceMakeAGatewayThatChecksItsOwnCodes() {
        TwilioVerifyGatewayFactory factory = init(Map.of("account-sid", ACCOUNT, "auth-token", TOKEN, "service-sid", SERVICE));
        assertThat(factory.isConfigured()).isTrue();
        assertThat(factory.checksCodes()).isTrue();
        assertThat(factory.placesCalls()).as("calls only with calls=true").isFalse();
        assertThat(factory.priority()).as("before twilio (30) by default").isEqualTo(40);
        assertThat(init(Map.of("account-sid", ACCOUNT, "api-key-sid", "SK1", "api-key-secret", TOKEN, "service-sid", SERVICE, "calls", "true"))
                .placesCalls()).isTrue();
    }

    @Test
    void aHalfConfiguredGatewayStopsTheStartNamingWhatIsMissing() {
        for (Map<String, String> half : List.of(Map.of("account-sid", ACCOUNT, "auth-token", TOKEN), Map.of("service-sid", SERVICE),
                Map.of("auth-token", TOKEN, "service-sid", SERVICE))) {
            assertThatThrownBy(() -> init(half)).as(half.keySet().toString()).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("'twilio-verify'").hasMessageContaining("missing")
                    .hasMessageNotContaining(TOKEN);
        }
        assertThatThrownBy(() -> init(Map.of("account-sid", ACCOUNT, "auth-token", TOKEN, "service-sid", "MG0123")))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("service-sid must be a Verify service SID");
    }

    @Test
    void verifyGetsTheUsersLanguageInAFormItHas() {
        assertThat(TwilioVerifyGateway.locale("de-DE")).isEqualTo("de");
        assertThat(TwilioVerifyGateway.locale("en-US")).isEqualTo("en");
        assertThat(TwilioVerifyGateway.locale("pt-BR")).isEqualTo("pt-BR");
        assertThat(TwilioVerifyGateway.locale("zh-CN")).isEqualTo("zh-CN");
        assertThat(TwilioVerifyGateway.locale(null)).isEqualTo("en");
    }
}

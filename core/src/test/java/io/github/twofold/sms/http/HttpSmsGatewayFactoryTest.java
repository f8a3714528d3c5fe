package io.github.twofold.sms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.twofold.sms.GatewayConfigException;
import io.github.twofold.sms.OptionsScope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/**
 * A half-configured {@code http} gateway stops Keycloak's start: its factory refuses the options
 * with a {@link GatewayConfigException} naming what is wrong (the exception Keycloak does not start
 * with, as GatewayConfigIT shows for Twilio through the real server), and never repeats a secret.
 */
class HttpSmsGatewayFactoryTest {

    private static final String TOKEN = "tok-3f9a1c77e2b04d1e";

    private static HttpSmsGatewayFactory init(Map<String, String> options) {
        Config.Scope config = OptionsScope.of(options);
        HttpSmsGatewayFactory factory = new HttpSmsGatewayFactory();
        factory.init(config);
        return factory;
    }

    @Test
    void withoutOptionsTheGatewayIsSimplyNotThere() {
        assertThat(init(Map.of()).isConfigured()).isFalse();
    }

    @Test
    void aCompleteConfigurationIsUsable() {
        assertThat(init(Map.of("url", "https://sms.example.com/send", "bearer-token", TOKEN)).isConfigured()).isTrue();
        assertThat(init(Map.of("url", "https://sms.example.com/send", "format", "form", "body-template", "n=${to}&m=${text}")).isConfigured()).isTrue();
    }

    @Test
    void credentialsOrATemplateWithoutAnAddressStopTheStart() {
        for (Map<String, String> half : java.util.List.of(Map.of("bearer-token", TOKEN), Map.of("basic-username", "twofold"),
                Map.of("body-template", "{\"to\":\"${to}\",\"text\":\"${text}\"}"), Map.of("url", " ", "bearer-token", TOKEN))) {
            assertThatThrownBy(() -> init(half)).as(half.keySet().toString()).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("'http'").hasMessageContaining("missing url")
                    .hasMessageContaining("--spi-twofold-sms-gateway--http--").hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void aWrongAddressFormatOrTemplateStopsTheStartWithTheOptionNamed() {
        assertThatThrownBy(() -> init(Map.of("url", "ftp://sms.example.com", "bearer-token", TOKEN)))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("url is not an http(s) URL").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> init(Map.of("url", "https://sms.example.com/send", "format", "xml")))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("format must be json or form");
        assertThatThrownBy(() -> init(Map.of("url", "https://sms.example.com/send", "body-template", "{\"text\":\"${text}\"}")))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("body-template must contain ${to} and ${text}");
    }
}

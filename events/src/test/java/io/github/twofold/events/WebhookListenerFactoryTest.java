package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The webhook is on only with an https address (plain http to this machine only) and a secret of at least 16 characters. */
class WebhookListenerFactoryTest {

    private static final String SECRET = "0123456789abcdef";

    private static boolean posting(Map<String, String> options) {
        Config.Scope config = mock(Config.Scope.class);
        when(config.get(anyString())).thenAnswer(call -> options.get(call.<String>getArgument(0)));
        when(config.getInt(anyString(), anyInt())).thenAnswer(call -> call.getArgument(1));
        WebhookListenerFactory factory = new WebhookListenerFactory();
        factory.init(config);
        try {
            return factory.posting();
        } finally {
            factory.close();
        }
    }

    @Test
    void httpsWithALongEnoughSecretPosts() {
        assertThat(posting(Map.of("url", "https://siem.example.com/twofold", "secret", SECRET))).isTrue();
        assertThat(posting(Map.of("url", "http://localhost:9000/hook", "secret", SECRET))).as("plain http to this machine").isTrue();
        assertThat(posting(Map.of("url", "http://127.0.0.1:9000/hook", "secret", SECRET))).isTrue();
    }

    @Test
    void plainHttpToAnotherHostStaysOff() {
        assertThat(posting(Map.of("url", "http://siem.example.com/twofold", "secret", SECRET))).isFalse();
        assertThat(posting(Map.of("url", "http://10.0.0.8/twofold", "secret", SECRET))).isFalse();
    }

    @Test
    void aSecretShorterThan16CharactersOrNoneStaysOff() {
        assertThat(posting(Map.of("url", "https://siem.example.com/twofold", "secret", SECRET.substring(1)))).isFalse();
        assertThat(posting(Map.of("url", "https://siem.example.com/twofold"))).isFalse();
        assertThat(posting(Map.of("secret", SECRET))).as("no url: no webhook").isFalse();
    }
}

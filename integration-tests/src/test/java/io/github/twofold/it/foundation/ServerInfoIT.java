package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@TwofoldTest
class ServerInfoIT {

    @Test
    void serverInfoListsEveryProviderTheJarDeclares(TestEnvironment env) throws Exception {
        Set<String> declared = ProviderJar.declaredProviderIds();
        assertThat(declared).as("provider ids declared in the JAR").contains("twofold-sms-code", "twilio", "http");
        assertThat(running(env)).containsAll(declared);
    }

    @Test
    void devInboxGatewayIsOffUnlessExplicitlyEnabled(TestEnvironment env) throws Exception {
        // the others that depend on the environment are Keycloak's own set-up actions (its features), gated by Twofold
        assertThat(ProviderJar.declaredProviderIds(true)).containsExactlyInAnyOrder("dev-inbox",
                "webauthn-register", "webauthn-register-passwordless", "CONFIGURE_RECOVERY_AUTHN_CODES", "UPDATE_EMAIL");
        assertThat(running(env)).doesNotContain("dev-inbox")
                .contains("webauthn-register", "webauthn-register-passwordless", "CONFIGURE_RECOVERY_AUTHN_CODES");
        assertThat(env.admin().get("/realms/demo/twofold/dev-inbox").status()).isEqualTo(404);
    }

    private static Set<String> running(TestEnvironment env) {
        JsonNode providers = env.admin().serverInfo().path("providers");
        Set<String> running = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> spis = providers.fields(); spis.hasNext(); ) {
            spis.next().getValue().path("providers").fieldNames().forEachRemaining(running::add);
        }
        return running;
    }

    @Test
    void serverLogShowsNoClassLoadingErrors(TestEnvironment env) {
        assertThat(env.server().log())
                .doesNotContain("ClassNotFoundException")
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("ServiceConfigurationError");
    }
}

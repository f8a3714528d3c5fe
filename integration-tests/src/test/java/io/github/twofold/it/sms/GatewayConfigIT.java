package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real gateway that is only partly configured stops Keycloak from starting, with one line that
 * names what is missing; and the demo inbox is off as soon as a real gateway is configured (as in
 * docker-compose with the Twilio variables set next to it).
 */
@TwofoldTest(otherServers = OtherServer.SECOND)
class GatewayConfigIT {

    @Test
    void aTwilioGatewayWithoutASenderStopsTheStartAndSaysWhatIsMissing(TestEnvironment env) {
        KeycloakServer half = env.extraServer("twilio-half")
                .withoutOption("--spi-twofold-sms-gateway--twilio--from=")
                .build();
        try {
            assertThatThrownBy(half::start).hasMessageContaining("exited");
        } finally {
            half.close();
        }
        List<String> lines = half.log().lines().filter(l -> l.contains("Twofold SMS gateway 'twilio' is not usable")).toList();
        assertThat(lines).as("the reason, in the log").isNotEmpty();
        assertThat(lines.get(0)).contains("missing from (or messaging-service-sid)").contains("--spi-twofold-sms-gateway--twilio--");
        assertThat(half.log()).doesNotContain(TwilioStub.AUTH_TOKEN);
    }

    /** An extra server has the inbox switched on next to the real gateways (Twilio and http on the stub). */
    @Test
    void theDemoInboxIsOffWhenARealGatewayIsConfigured(TestEnvironment env) {
        KeycloakServer both = env.secondServer();
        assertThat(new AdminApi(both.baseUrl()).get("/realms/master/twofold/dev-inbox").status()).isEqualTo(404);
        assertThat(both.log()).contains("dev-inbox SMS gateway is off: a real gateway is configured (http, twilio, twilio-verify)")
                .as("no warning that it is on").doesNotContain("dev-inbox SMS gateway is ENABLED");
    }

    /**
     * On the second server neither gateway serves Switzerland: the start names the realm that allows
     * Swiss numbers and the country, and a Swiss user's sign-in gets the "could not send" page and an
     * event with the reason; no gateway is called and the number stays out of the log.
     */
    @Test
    void aCountryNoGatewayServesIsNamedAtStartAndRefusedAtSignIn(TestEnvironment env) {
        KeycloakServer second = env.secondServer();
        String line = "Realm " + TestEnvironment.REALM + " allows phone numbers of every country, but no SMS gateway serves CH";
        assertThat(second.log().lines().filter(l -> l.contains(line))).as("one line at start, though the realm is imported then").hasSize(1);
        AdminApi admin = new AdminApi(second.baseUrl());
        String swiss = Phones.swiss();
        TestUser user = env.newUserWithPhone(admin, TestEnvironment.REALM, "no-route", swiss);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(second.baseUrl(), TestEnvironment.REALM).authRequest().url()), user);
        assertThat(page.errorText()).as(page.document().text()).contains("We could not send a text message right now");
        assertThat(env.sms().messagesTo(swiss)).as("no gateway called").isEmpty();
        assertThat(admin.userEvents(TestEnvironment.REALM, user.id())).anySatisfy(e -> {
            assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("sms_send_failed");
            assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("no_gateway_for_country");
        });
        assertThat(second.log()).contains("No SMS gateway serves CH").doesNotContain(swiss);
    }
}

package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routing by destination country, with the test servers' two gateways: Twilio serves every country
 * but Switzerland, the HTTP gateway every country but Liechtenstein. A text goes only through the
 * gateways that serve its number's country and fails over only among them.
 */
@TwofoldTest
class SmsRoutingIT {

    private static final String SENT = "We sent a 6-digit code";
    private static final String NOT_SENT = "We could not send a text message right now";

    private static HttpLogin.Page toCodePage(TestEnvironment env, TestUser user) {
        HttpLogin login = env.httpLogin();
        return LoginPages.password(login, login.open(env.oidc(user.realm()).authRequest().url()), user);
    }

    private static List<String> gateways(TestEnvironment env, TestUser user) {
        return env.sms().messagesTo(user.phone()).stream().map(TwilioStub.Sms::gateway).toList();
    }

    /** In a realm of its own: the demo realm's send budgets are shared by the whole suite. */
    private static TestUser user(TestEnvironment env, String realm, String prefix, String phone) {
        return env.newUserWithPhone(env.admin(), realm, prefix, phone);
    }

    @Test
    void eachTextGoesThroughAGatewayThatServesItsCountry(TestEnvironment env) {
        String realm = env.realmWithPolicy("routing", Map.of());
        TestUser swiss = user(env, realm, "route-ch", Phones.swiss());
        TestUser liechtenstein = user(env, realm, "route-li", Phones.liechtenstein());
        TestUser german = user(env, realm, "route-de", Phones.random());

        assertThat(toCodePage(env, swiss).document().text()).contains(SENT);
        assertThat(gateways(env, swiss)).as("Switzerland: the HTTP gateway, though Twilio comes first").containsExactly("http");
        assertThat(toCodePage(env, liechtenstein).document().text()).contains(SENT);
        assertThat(gateways(env, liechtenstein)).containsExactly("twilio");
        assertThat(toCodePage(env, german).document().text()).contains(SENT);
        assertThat(gateways(env, german)).as("every other country: Twilio first").containsExactly("twilio");

        String log = env.server().log();
        assertThat(log).contains("Twilio SMS gateway configured (priority 30, timeout " + TestEnvironment.GATEWAY_TIMEOUT_MS
                + " ms, custom base URL, calls, delivery reports to /realms/<realm>/twofold/sms-status/twilio, every country but CH)");
        assertThat(log).contains("every country but LI)");
        assertThat(log).as("together the two serve every country: no start-up error").doesNotContain("but no SMS gateway serves");
    }

    @Test
    void failoverStaysAmongTheGatewaysOfTheCountry(TestEnvironment env) {
        String realm = env.realmWithPolicy("routing-failover", Map.of());
        TestUser german = user(env, realm, "failover-de", Phones.random());
        env.sms().twilioAnswers(german.phone(), 503);
        assertThat(toCodePage(env, german).document().text()).contains(SENT);
        assertThat(gateways(env, german)).as("Germany: Twilio failed, the HTTP gateway sent").containsExactly("twilio", "http");

        TestUser liechtenstein = user(env, realm, "failover-li", Phones.liechtenstein());
        env.sms().twilioAnswers(liechtenstein.phone(), 503);
        assertThat(toCodePage(env, liechtenstein).document().text()).contains(NOT_SENT);
        assertThat(gateways(env, liechtenstein)).as("Liechtenstein: no failover to a gateway that does not serve it").containsExactly("twilio");

        TestUser swiss = user(env, realm, "failover-ch", Phones.swiss());
        env.sms().httpGatewayAnswers(swiss.phone(), 500);
        assertThat(toCodePage(env, swiss).document().text()).contains(NOT_SENT);
        assertThat(gateways(env, swiss)).containsExactly("http");
        assertThat(env.admin().userEvents(realm, swiss.id()).toString()).contains("http:retryable").doesNotContain("twilio");
    }
}

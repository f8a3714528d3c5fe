package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Failover between gateways, bounded waits, and failing closed. */
@TwofoldTest
class SmsGatewayIT {

    @Test
    void whenTwilioFailsTheNextGatewayDelivers(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("failover-500");
        env.sms().twilioAnswers(user.phone(), 500);
        OidcClient.AuthRequest request = env.oidc().authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);

        assertThat(env.sms().attempts().stream().filter(s -> user.phone().equals(s.to())).map(TwilioStub.Sms::gateway))
                .containsExactly("twilio", "http");
        String code = env.sms().lastMessageTo(user.phone()).code();
        SecretScanner.get().register("SMS code", code);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(env.oidc().redirectUri())).isTrue();
        assertThat(env.admin().userEvents(TestEnvironment.REALM, user.id())).anySatisfy(e ->
                assertThat(e.path("details").path("twofold_gateway").asText()).isEqualTo("http"));
        assertThat(env.server().log()).contains("SMS gateway twilio failed (HTTP 500)");
    }

    @Test
    void aHangingGatewayIsCutOffAtItsTimeout(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("failover-hang");
        env.sms().twilioHangs(user.phone(), Duration.ofSeconds(20));
        HttpLogin login = env.httpLogin();
        HttpLogin.Page start = login.open(env.oidc().authRequest().url());
        long began = System.nanoTime();
        HttpLogin.Page page = LoginPages.password(login, start, user);
        long waited = Duration.ofNanos(System.nanoTime() - began).toMillis();

        assertThat(waited).as("page after a hanging gateway (timeout %d ms)", TestEnvironment.GATEWAY_TIMEOUT_MS)
                .isLessThan(TestEnvironment.GATEWAY_TIMEOUT_MS + 5_000L);
        assertThat(page.document().text()).contains("We sent a 6-digit code");
        assertThat(env.sms().lastMessageTo(user.phone()).gateway()).isEqualTo("http");
        assertThat(env.server().log()).contains("SMS gateway twilio failed (timeout after " + TestEnvironment.GATEWAY_TIMEOUT_MS + " ms)");
    }

    /**
     * A vendor that answers at once and then stalls its answer's body holds no sign-in past the
     * gateway's timeout: the whole exchange is bounded, not only the wait for the headers.
     */
    @Test
    void aGatewayThatStallsItsAnswerIsCutOffAtItsTimeout(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("failover-stall");
        TwilioStub.Behaviour twilioDown = env.sms().twilioAnswers(user.phone(), 503);
        TwilioStub.Behaviour stall = env.sms().httpGatewayStallsItsAnswer(user.phone(), Duration.ofSeconds(20));
        try {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page start = login.open(env.oidc().authRequest().url());
            long began = System.nanoTime();
            HttpLogin.Page page = LoginPages.password(login, start, user);
            long waited = Duration.ofNanos(System.nanoTime() - began).toMillis();
            assertThat(waited).as("page after a stalled answer (timeout %d ms per gateway)", TestEnvironment.GATEWAY_TIMEOUT_MS)
                    .isLessThan(2L * TestEnvironment.GATEWAY_TIMEOUT_MS + 5_000L);
            assertThat(page.document().text()).contains("We could not send a text message right now");
            assertThat(env.server().log()).contains("SMS gateway http failed (timeout after " + TestEnvironment.GATEWAY_TIMEOUT_MS + " ms)");
        } finally {
            env.sms().undo(stall);
            env.sms().undo(twilioDown);
        }
    }

    @Test
    void whenEveryGatewayFailsThePageSaysSoAndOffersAnotherWay(TestEnvironment env, Browser browser) {
        TestUser user = env.newUserWithPhoneAndTotp(TestEnvironment.REALM, "all-down");
        env.sms().twilioAnswers(user.phone(), 503);
        env.sms().httpGatewayAnswers(user.phone(), 500);
        OidcClient.AuthRequest request = env.oidc().authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user);
        browser.await().until(d -> d.findElements(LoginPages.PASSWORD).isEmpty()); // the second step's page: SMS, the user's first method
        browser.waitForText("We could not send a text message right now");
        assertThat(browser.url()).doesNotStartWith(env.oidc().redirectUri());
        assertThat(browser.has(By.id("try-another-way"))).isTrue();
        assertThat(env.admin().userEvents(TestEnvironment.REALM, user.id())).anySatisfy(e -> {
            assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("sms_send_failed");
            assertThat(e.path("details").path("twofold_gateway").asText()).isEqualTo("twilio:retryable,http:retryable");
        });

        LoginPages.chooseMethod(browser, "Authenticator Application");
        browser.type(By.id("otp"), Totp.code(user.totpSecret())).click(LoginPages.LOGIN);
        browser.click(By.id("twofold-not-now")); // the demo realm offers to trust the browser after the app
        browser.waitForUrl(env.oidc().redirectUri());
        assertThat(request.exchange(browser.url()).amr()).contains("otp").doesNotContain("sms");
    }

    /**
     * A send that no gateway delivered costs no budget: with one SMS per hour for the account, two
     * sign-ins while every gateway fails leave that one SMS for the sign-in after the gateways recover.
     */
    @Test
    void whenEveryGatewayFailsTheBudgetsAreGivenBack(TestEnvironment env) {
        String realm = env.realmWithPolicy("all-down-refund", java.util.Map.of("smsPerUserPerHour", "1", "smsPerNumberPerDay", "1",
                "youngAccountHours", "0"), java.util.Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "all-down-refund");
        TwilioStub.Behaviour twilioDown = env.sms().twilioAnswers(user.phone(), 503);
        TwilioStub.Behaviour httpDown = env.sms().httpGatewayAnswers(user.phone(), 500);
        for (int i = 0; i < 2; i++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            assertThat(page.errorText()).contains("We could not send a text message right now");
        }
        assertThat(env.sms().messagesTo(user.phone())).as("each gateway tried once per sign-in, none delivered")
                .extracting(TwilioStub.Sms::gateway).containsExactly("twilio", "http", "twilio", "http");

        env.sms().undo(twilioDown);
        env.sms().undo(httpDown);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.document().text()).as("the account's one SMS of the hour is still there").contains("We sent a 6-digit code");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(5);
        page = LoginPages.code(login, page, env.sms().lastMessageTo(user.phone()).code());
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
    }
}

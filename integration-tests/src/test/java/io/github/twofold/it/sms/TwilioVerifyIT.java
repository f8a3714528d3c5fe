package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.integrity.PasswordGrant;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code twilio-verify} gateway: Twilio Verify makes, sends and checks the code; Twofold keeps
 * the step, the binding to the sign-in, attempts, budgets and events. The test servers send to
 * Austria through Verify first (Twilio and the HTTP gateway behind it), against the stub's
 * Verify API ({@code /v2/Services/{sid}/Verifications} and {@code .../VerificationCheck}).
 */
@TwofoldTest
class TwilioVerifyIT {

    private static final String SENT = "We sent a 6-digit code";
    private static final String REFUSED = "Text messages cannot be sent to this number right now";

    /** A realm of this class's own: the demo realm's send budgets are shared by the whole suite. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("verify", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
    }

    private static TestUser austrian(TestEnvironment env, String realm, String prefix) {
        return env.newUserWithPhone(env.admin(), realm, prefix, Phones.austrian());
    }

    private static List<String> gateways(TestEnvironment env, TestUser user) {
        return env.sms().messagesTo(user.phone()).stream().map(TwilioStub.Sms::gateway).toList();
    }

    private static HttpLogin.Page code(HttpLogin login, HttpLogin.Page page, String code) {
        return login.submit(page, LoginPages.SMS_FORM, Map.of("code", code, "login", "true"));
    }

    private static JsonNode event(TestEnvironment env, String realm, TestUser user, String twofoldEvent) {
        for (JsonNode e : env.admin().userEvents(realm, user.id())) {
            if (twofoldEvent.equals(e.path("details").path("twofold_event").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + twofoldEvent + " event in " + env.admin().userEvents(realm, user.id()));
    }

    @Test
    void verifyMakesSendsAndChecksTheCodeWhileTwofoldKeepsTheStepAndItsLimits(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-ok");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().text()).contains(SENT);
        assertThat(gateways(env, user)).as("Verify, not Twilio's Messages API, sent it").containsExactly("twilio-verify");
        assertThat(env.sms().lastMessageTo(user.phone()).body()).as("in the user's language").endsWith("(en)");
        String code = env.sms().awaitCode(user.phone(), 1);

        // Keycloak's "continue the sign-in" address: the step this sign-in is at, shown again (a reload)
        String reload = page.url().replaceAll("(session_code|execution)=[^&]*&?", "");
        assertThat(login.open(reload).document().text()).as(reload).contains(SENT);
        assertThat(gateways(env, user)).as("a reload starts no second verification").hasSize(1);

        page = code(login, page, "12ab");
        assertThat(page.errorText()).contains("Invalid code");
        assertThat(env.sms().verifyChecksFor(user.phone())).as("input that is not a code never reaches Twilio").isZero();
        page = code(login, page, code.equals("000000") ? "111111" : "000000");
        assertThat(page.errorText()).contains("Invalid code");
        assertThat(env.sms().verifyChecksFor(user.phone())).as("a wrong code is asked about once").isEqualTo(1);
        assertThat(env.admin().recordedFailures(realm, user.id(), 1)).as("and counted like every wrong code").isPositive();

        page = code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.errorText()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.amr()).contains("pwd", "sms");

        JsonNode sent = event(env, realm, user, "sms_sent");
        assertThat(sent.path("details").path("twofold_gateway").asText()).isEqualTo("twilio-verify");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).as("numbers masked in every event")
                .doesNotContain(user.phone().substring(3));
    }

    @Test
    void verifysFraudRefusalIsTheSpentBudgetPageAndNoOtherGatewaySends(TestEnvironment env, Browser browser) {
        TestUser user = austrian(env, realm, "verify-fraud");
        env.sms().verifyRefuses(user.phone(), 403, 60410);
        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, user);
        browser.waitForText(REFUSED);
        assertThat(browser.text()).doesNotContain(SENT);
        browser.screenshot("sms-refused-by-verify");
        assertThat(gateways(env, user)).as("Twilio's Messages API and the HTTP gateway serve Austria too, but are not tried")
                .containsExactly("twilio-verify");

        JsonNode blocked = event(env, realm, user, "sms_blocked");
        assertThat(blocked.path("details").path("twofold_reason").asText()).isEqualTo("verify_fraud_guard");
        assertThat(blocked.path("details").path("twofold_limit").asText()).isEqualTo("gateway_refused");
        assertThat(blocked.path("error").asText()).isEqualTo("twofold_sms_limit");
        assertThat(env.server().log()).contains("SMS gateway twilio-verify refused").doesNotContain(user.phone());
    }

    /** Each of Verify's refusals of a number has its reason in the event; a request Verify finds wrong fails without failover. */
    @Test
    void eachOfVerifysRefusalsIsNamedAndNoneFailsOver(TestEnvironment env) {
        record Refusal(int status, int code, String page, String reason) {
        }
        for (Refusal refusal : List.of(new Refusal(403, 60605, REFUSED, "verify_geo_permissions"),
                new Refusal(429, 60203, REFUSED, "verify_max_send_attempts"),
                new Refusal(400, 60200, "We could not send a text message right now", null))) {
            TestUser user = austrian(env, realm, "verify-" + refusal.code());
            env.sms().verifyRefuses(user.phone(), refusal.status(), refusal.code());
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            assertThat(page.errorText()).as(refusal.toString()).contains(refusal.page());
            assertThat(gateways(env, user)).as(refusal.toString()).containsExactly("twilio-verify");
            if (refusal.reason() != null) {
                assertThat(event(env, realm, user, "sms_blocked").path("details").path("twofold_reason").asText()).isEqualTo(refusal.reason());
            } else {
                assertThat(event(env, realm, user, "sms_send_failed").path("details").path("twofold_gateway").asText())
                        .isEqualTo("twilio-verify:permanent");
                assertThat(env.server().log()).contains("SMS gateway twilio-verify failed (HTTP 400 (Verify 60200))");
            }
        }
    }

    /** Verify's own expiry (or its limit of wrong checks) ended the verification: the page says the code expired. */
    @Test
    void aCodeVerifyNoLongerHoldsIsExpired(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-expired");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        env.sms().verifyForgets(user.phone());
        page = code(login, page, code);
        assertThat(page.errorText()).contains("expired");
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isFalse();
    }

    @Test
    void whenVerifyIsDownTwilioSendsTwofoldsOwnCodeAndTwofoldChecksIt(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-down");
        TwilioStub.Behaviour down = env.sms().verifyRefuses(user.phone(), 503, 20500);
        try {
            HttpLogin login = env.httpLogin();
            OidcClient.AuthRequest request = env.oidc(realm).authRequest();
            HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
            assertThat(page.document().text()).contains(SENT);
            assertThat(gateways(env, user)).containsExactly("twilio-verify", "twilio");
            page = code(login, page, env.sms().awaitCode(user.phone(), 2));
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.errorText()).isTrue();
            assertThat(env.sms().verifyChecksFor(user.phone())).as("Twofold's own code is checked by Twofold").isZero();
        } finally {
            env.sms().undo(down);
        }
    }

    /**
     * An outage at Verify is not the person's failure: while Verify cannot be asked, the page says
     * so, and nothing is counted (not the code's five tries, not the account's streak, not
     * Keycloak's brute-force detector), so the same code signs in once Verify answers again.
     */
    @Test
    void whenVerifyCannotCheckACodeThePersonIsToldAndNothingIsCounted(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-check-down");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        TwilioStub.Behaviour down = env.sms().verifyCheckAnswers(user.phone(), 503);
        try {
            for (int i = 0; i < 6; i++) {
                page = code(login, page, code);
                assertThat(page.errorText()).as("try %d", i + 1).contains("The code could not be checked just now");
            }
        } finally {
            env.sms().undo(down);
        }
        assertThat(env.sms().verifyChecksFor(user.phone())).as("each asked Verify").isEqualTo(6);
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("twofold_check_unavailable");
        assertThat(env.admin().attackDetection(realm, user.id()).path("numFailures").asInt()).as("Keycloak's detector was not told").isZero();
        page = code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as("more tries than a code has, and it still works: " + page.errorText()).isTrue();
    }

    @Test
    void thePasswordGrantSaysWhenVerifyCannotCheckTheCodeAndCountsNothing(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-grant-down");
        OidcClient api = PasswordGrant.apiClient(env, realm);
        PasswordGrant.refused(api, user, Map.of());
        String code = env.sms().awaitCode(user.phone(), 1);
        TwilioStub.Behaviour down = env.sms().verifyCheckAnswers(user.phone(), 503);
        try {
            java.net.http.HttpResponse<String> answer = PasswordGrant.send(api, user, Map.of("sms_code", code));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).contains("could not be checked just now").doesNotContain("access_token");
        } finally {
            env.sms().undo(down);
        }
        assertThat(PasswordGrant.token(api, user, Map.of("sms_code", code)).amr()).contains("sms");
    }
    @Test
    @MovesClock
    void callMeInsteadGoesThroughVerifysCallChannelAndItsCodeSignsIn(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-call");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(31));
            page = login.submit(page, LoginPages.SMS_FORM, Map.of("call", "true"));
            assertThat(page.document().text()).contains("read the code out");
            List<TwilioStub.Call> calls = env.sms().callsTo(user.phone());
            assertThat(calls).extracting(TwilioStub.Call::gateway).as("Verify's call channel, not Twilio's Calls API").containsExactly("twilio-verify");
            String spoken = calls.get(0).speech();
            SecretScanner.get().register("SMS code", spoken);
            page = code(login, page, spoken);
        }
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.errorText()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("sms");
    }

    @Test
    void aNumberIsConfirmedWithVerifysCodeAtSetUp(TestEnvironment env) {
        TestUser user = env.newUser(realm, "verify-enroll", Map.of("requiredActions", List.of("twofold-set-up-phone")));
        String phone = Phones.austrian();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        page = LoginPages.phone(login, page, phone);
        assertThat(env.sms().messagesTo(phone)).extracting(TwilioStub.Sms::gateway).containsExactly("twilio-verify");
        String right = env.sms().awaitCode(phone, 1);
        page = LoginPages.verifyPhone(login, page, right.equals("000000") ? "111111" : "000000");
        assertThat(page.errorText()).contains("Invalid code");
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactly("password");
        page = LoginPages.verifyPhone(login, page, right);
        assertThat(env.admin().credentialTypes(realm, user.id())).as(page.errorText()).contains("twofold-sms");
        assertThat(env.sms().verifyChecksFor(phone)).isEqualTo(2);
    }

    @Test
    void aSpentBudgetNeverReachesTwilio(TestEnvironment env) {
        String small = env.realmWithPolicy("verify-budget", Map.of("smsPerUserPerHour", "1"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = austrian(env, small, "verify-budget");
        HttpLogin first = env.httpLogin();
        assertThat(LoginPages.password(first, first.open(env.oidc(small).authRequest().url()), user).document().text()).contains(SENT);
        HttpLogin second = env.httpLogin();
        assertThat(LoginPages.password(second, second.open(env.oidc(small).authRequest().url()), user).document().text())
                .contains("Too many codes requested");
        assertThat(gateways(env, user)).as("the refusal is Twofold's: Verify got one request").containsExactly("twilio-verify");

        TestUser refused = austrian(env, small, "verify-budget-refused");
        env.sms().verifyRefuses(refused.phone(), 403, 60410);
        HttpLogin third = env.httpLogin();
        assertThat(LoginPages.password(third, third.open(env.oidc(small).authRequest().url()), refused).errorText()).contains(REFUSED);
        HttpLogin fourth = env.httpLogin();
        assertThat(LoginPages.password(fourth, fourth.open(env.oidc(small).authRequest().url()), refused).errorText())
                .as("a send Verify refused counts against the budget").contains("Too many codes requested");
        assertThat(gateways(env, refused)).containsExactly("twilio-verify");
    }

    @Test
    void thePasswordGrantTakesVerifysCodeOnce(TestEnvironment env) {
        TestUser user = austrian(env, realm, "verify-grant");
        OidcClient api = PasswordGrant.apiClient(env, realm);
        assertThat(PasswordGrant.refused(api, user, Map.of()).path("error_description").asText()).contains("sent by text message");
        assertThat(gateways(env, user)).containsExactly("twilio-verify");
        String code = env.sms().awaitCode(user.phone(), 1);
        OidcClient.Tokens tokens = PasswordGrant.token(api, user, Map.of("sms_code", code));
        assertThat(tokens.amr()).contains("sms");
        assertThat(PasswordGrant.refused(api, user, Map.of("sms_code", code)).path("error").asText())
                .as("the code works once").isEqualTo("invalid_grant");
    }
}

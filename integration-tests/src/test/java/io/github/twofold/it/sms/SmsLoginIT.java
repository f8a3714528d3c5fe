package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Burst;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;

/** The SMS login step against the real server, a real browser and the Twilio stub. */
@TwofoldTest
class SmsLoginIT {

    static String code(TestEnvironment env, TestUser user, int nth) {
        return env.sms().awaitCode(user.phone(), nth);
    }

    /**
     * The text is in the user's language, and a realm's own translation of {@code twofoldSmsText}
     * (Realm settings > Localization) replaces the theme's for that language only.
     */
    @Test
    void theTextIsInTheUsersLanguageAndARealmTranslationReplacesTheThemes(TestEnvironment env) {
        String realm = env.realmWithPolicy("sms-language", Map.of("smsOriginLine", "false"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser german = env.newUserWithPhone(realm, "sms-language");
        com.fasterxml.jackson.databind.node.ObjectNode representation = (com.fasterxml.jackson.databind.node.ObjectNode) env.admin().user(realm, german.id());
        representation.putObject("attributes").putArray("locale").add("de");
        env.admin().put("/admin/realms/" + realm + "/users/" + german.id(), representation).expect(204);
        HttpLogin login = env.httpLogin();
        LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), german);
        TwilioStub.Sms sms = env.sms().awaitMessage(german.phone(), 1);
        assertThat(sms.body()).isEqualTo(sms.code() + " ist Ihr Bestätigungscode für Twofold demo. Er ist 5 Minuten gültig. Geben Sie ihn nicht weiter.");

        env.admin().putText("/admin/realms/" + realm + "/localization/de/twofoldSmsText", "Ihr Code: {0} ({1}, {2} Minuten)").expect(204);
        HttpLogin again = env.httpLogin();
        LoginPages.password(again, again.open(env.oidc(realm).authRequest().url()), german);
        TwilioStub.Sms own = env.sms().awaitMessage(german.phone(), 2);
        assertThat(own.body()).isEqualTo("Ihr Code: " + own.code() + " (Twofold demo, 5 Minuten)");

        TestUser english = env.newUserWithPhone(realm, "sms-language");
        HttpLogin third = env.httpLogin();
        LoginPages.password(third, third.open(env.oidc(realm).authRequest().url()), english);
        TwilioStub.Sms theme = env.sms().awaitMessage(english.phone(), 1);
        assertThat(theme.body()).as("English keeps the theme's text").isEqualTo(theme.code()
                + " is your Twofold demo verification code. It expires in 5 minutes. Do not share it.");
    }

    /** The origin line is the policy's: off, none; in the admin's own text, where {originLine} stands. */
    @Test
    void theOriginLineFollowsThePolicy(TestEnvironment env) {
        String off = env.realmWithPolicy("sms-origin-off", Map.of("smsOriginLine", "false"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser plain = env.newUserWithPhone(off, "sms-origin-off");
        HttpLogin login = env.httpLogin();
        LoginPages.password(login, login.open(env.oidc(off).authRequest().url()), plain);
        assertThat(env.sms().awaitMessage(plain.phone(), 1).body()).contains("verification code").doesNotContain("@").doesNotContain("#");

        String own = env.realmWithPolicy("sms-origin-own", Map.of("smsMessageTemplate", "Code {code} for {realm}\n{originLine}"),
                Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser custom = env.newUserWithPhone(own, "sms-origin-own");
        HttpLogin second = env.httpLogin();
        LoginPages.password(second, second.open(env.oidc(own).authRequest().url()), custom);
        TwilioStub.Sms sms = env.sms().awaitMessage(custom.phone(), 1);
        assertThat(sms.body()).isEqualTo("Code " + sms.code() + " for Twofold demo\n@" + java.net.URI.create(env.baseUrl()).getHost() + " #" + sms.code());
    }

    /**
     * The right code sent ten times at once in one login signs in once: one user session, and no
     * answer is a server error. Keycloak may answer several of the parallel posts with an
     * authorization code, each for that same session, through the session the first one made (their
     * LOGIN events name no second factor): the SMS code itself is verified once.
     * In a realm without Keycloak's brute-force protection, whose detector would otherwise serialize
     * or refuse the burst.
     */
    @Test
    void theRightCodeSentInParallelMakesOneSession(TestEnvironment env) {
        String realm = env.realmWithPolicy("sms-parallel", Map.of(), Map.of("bruteForceProtected", false));
        TestUser user = env.newUserWithPhone(realm, "sms-parallel");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page smsPage = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = code(env, user, 1);
        List<HttpLogin.Page> answers = Burst.repeated(10, () -> login.submit(smsPage, LoginPages.SMS_FORM, Map.of("code", code, "login", "true")));
        assertThat(answers).allSatisfy(page -> assertThat(page.status()).isLessThan(500));
        List<String> sessions = answers.stream().filter(page -> page.isCallback(env.oidc(realm).redirectUri()) && page.url().contains("code="))
                .map(page -> page.url().replaceAll(".*[?&]session_state=([^&]+).*", "$1")).distinct().toList();
        assertThat(sessions).as(() -> "the sessions the codes belong to; the answers: "
                + answers.stream().map(p -> p.status() + " " + p.errorText()).toList()).hasSize(1);
        assertThat(env.admin().get("/admin/realms/" + realm + "/users/" + user.id() + "/sessions").expect(200).json())
                .as("one user session").hasSize(1);
        assertThat(env.sms().messagesTo(user.phone())).as("one SMS").hasSize(1);
        List<JsonNode> verified = new ArrayList<>();
        env.admin().userEvents(realm, user.id()).forEach(e -> {
            if ("LOGIN".equals(e.path("type").asText()) && "sms".equals(e.path("details").path("twofold_method").asText())) {
                verified.add(e);
            }
        });
        assertThat(verified).as("the code was verified once; the other sign-ins re-used its session").hasSize(1);
    }

    @Test
    void rightCodeLogsInAndTheTokenSaysSmsWasUsed(TestEnvironment env, Browser browser) {
        TestUser user = env.newUserWithPhone("sms-ok");
        OidcClient.AuthRequest request = env.oidc().authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user);

        browser.find(LoginPages.CODE);
        assertThat(browser.text()).contains("Enter the code from your text message")
                .contains("We sent a 6-digit code to " + Phones.display(user.phone()));
        assertThat(browser.pageSource()).doesNotContain(user.phone()).doesNotContain(user.phone().substring(1));
        TwilioStub.Sms sms = env.sms().awaitMessage(user.phone(), 1);
        assertThat(sms.gateway()).isEqualTo("twilio");
        assertThat(sms.from()).isEqualTo(TwilioStub.FROM);
        assertThat(sms.body()).contains("is your Twofold demo verification code").contains("expires in 5 minutes");
        assertThat(sms.body()).as("the origin-bound line: phones' browsers offer the code on this host only")
                .endsWith("\n\n@" + java.net.URI.create(env.baseUrl()).getHost() + " #" + sms.code());

        LoginPages.code(browser, code(env, user, 1));
        browser.waitForUrl(env.oidc().redirectUri());
        OidcClient.Tokens tokens = request.exchange(browser.url());
        assertThat(tokens.amr()).contains("pwd", "sms");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);

        JsonNode events = env.admin().userEvents(TestEnvironment.REALM, user.id());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("LOGIN");
            assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("sms");
            assertThat(e.path("details").path("twofold_phone").asText()).isEqualTo(Phones.masked(user.phone()));
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("sms_sent");
            assertThat(e.path("details").path("twofold_gateway").asText()).isEqualTo("twilio");
        });
        assertThat(events.toString()).doesNotContain(user.phone().substring(3));
    }

    @Test
    void reloadBackButtonAndSecondTabNeverSendAnotherSms(TestEnvironment env, Browser browser) {
        TestUser user = env.newUserWithPhone("sms-reload");
        browser.open(env.oidc().authRequest().url());
        LoginPages.password(browser, user);
        browser.find(LoginPages.CODE);
        String smsPage = browser.url();
        for (int i = 0; i < 3; i++) {
            browser.driver().navigate().refresh();
            browser.find(LoginPages.CODE);
        }
        browser.driver().navigate().back();
        browser.driver().navigate().forward();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(smsPage);
        browser.find(LoginPages.CODE);
        assertThat(env.sms().messagesTo(user.phone())).as("SMS sent for one login").hasSize(1);

        // the code from the one SMS still works in the second tab
        LoginPages.code(browser, code(env, user, 1));
        browser.waitForUrl(env.oidc().redirectUri());
    }

    @Test
    @MovesClock
    void wrongCodesAreShownAsInvalidAndCountedByKeycloaksBruteForceDetector(TestEnvironment env, Browser browser) {
        try (TestClock clock = env.clock()) {
            TestUser user = env.newUserWithPhone("sms-wrong");
            browser.open(env.oidc().authRequest().url());
            LoginPages.password(browser, user);
            String right = code(env, user, 1);
            String wrong = right.equals("000000") ? "111111" : "000000";
            for (int i = 1; i <= 2; i++) {
                // a person's pace (the server's clock moved): Keycloak treats two failures within a second as an attack (quick-login lock)
                clock.advance(Duration.ofSeconds(2));
                LoginPages.code(browser, wrong);
                browser.waitForText("Invalid code");
            }
            assertThat(env.admin().recordedFailures(TestEnvironment.REALM, user.id(), 2)).as("Keycloak brute-force numFailures").isEqualTo(2);
            assertThat(env.admin().userEvents(TestEnvironment.REALM, user.id())).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("LOGIN_ERROR");
                assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("wrong_code");
            });

            clock.advance(Duration.ofSeconds(2));
            LoginPages.code(browser, right);
            browser.waitForUrl(env.oidc().redirectUri());
        }
    }

    @Test
    void keycloaksOwnBruteForceLockIsShownOnTheSmsPage(TestEnvironment env, Browser browser) {
        // Keycloak locks after two failures here (and not by the timing of "quick" failures, which depends on the machine)
        String realm = env.realmWithPolicy("sms-kc-lock", Map.of("secondFactorFailuresBeforeDelay", "20"),
                Map.of("failureFactor", 2, "quickLoginCheckMilliSeconds", 1, "waitIncrementSeconds", 600));
        TestUser user = env.newUserWithPhone(realm, "sms-kc-lock");
        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, user);
        String right = code(env, user, 1);
        String wrong = right.equals("000000") ? "111111" : "000000";
        LoginPages.code(browser, wrong);
        browser.waitForText("Invalid code");
        LoginPages.code(browser, wrong);
        browser.waitForText("Invalid code");
        // Keycloak records failures in the background: wait until it says the account is locked
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !env.admin().attackDetection(realm, user.id()).path("disabled").asBoolean()) {
            Thread.onSpinWait();
        }
        assertThat(env.admin().attackDetection(realm, user.id()).path("disabled").asBoolean()).as("Keycloak's lock").isTrue();
        LoginPages.code(browser, right); // even the right code is refused while Keycloak's lock holds
        browser.waitForText("temporarily locked");
        assertThat(browser.has(LoginPages.CODE)).as("no code field while locked").isFalse();
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
    }

    @Test
    void codeWithSpacesOrDashesIsAcceptedAfterNormalisation(TestEnvironment env, Browser browser) {
        TestUser user = env.newUserWithPhone("sms-dash");
        browser.open(env.oidc().authRequest().url());
        LoginPages.password(browser, user);
        String code = code(env, user, 1);
        LoginPages.code(browser, " " + code.substring(0, 3) + "-" + code.substring(3) + " ");
        browser.waitForUrl(env.oidc().redirectUri());
    }

    /** Limits and Keycloak's quick-login check out of the way: this test is about input handling. */
    static String lenientRealm(TestEnvironment env) {
        return env.realmWithPolicy("lenient", Map.of("secondFactorFailuresBeforeDelay", "20", "secondFactorFailuresBeforeLock", "99",
                        "smsAttemptsPerCode", "10"),
                // Keycloak stamps a failure when its background job runs: on a busy machine two queued jobs can run
                // within the "quick login" window and lock for a minute, whatever the test does
                Map.of("quickLoginCheckMilliSeconds", 1, "minimumQuickLoginWaitSeconds", 0, "failureFactor", 100));
    }

    @Test
    void badInputGetsAClearErrorNeverAServerError(TestEnvironment env) {
        String realm = lenientRealm(env);
        TestUser user = env.newUserWithPhone(realm, "sms-bad");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.form(LoginPages.SMS_FORM)).isNotNull();
        String action = page.form(LoginPages.SMS_FORM).absUrl("action");

        List<Map<String, String>> attempts = new ArrayList<>();
        attempts.add(Map.of("code", ""));
        attempts.add(Map.of("login", "true"));
        attempts.add(Map.of("code", "x".repeat(10_240)));
        attempts.add(Map.of("code", "12ab56"));
        attempts.add(Map.of("code", "１２３４５６"));
        attempts.add(Map.of("code", "${jndi:ldap://127.0.0.1/a}\r\n"));
        for (Map<String, String> form : attempts) {
            page = login.postForm(action, form);
            assertThat(page.status()).as("status for %s", form.keySet()).isEqualTo(200);
            assertThat(page.errorText()).as("error for %s on %s", form.keySet(), page.document().text()).contains("Invalid code");
            action = page.form(LoginPages.SMS_FORM).absUrl("action");
        }
        // the same field twice: the first value is the one checked
        page = login.postForm(action + "&code=999999", Map.of("code", "000000"));
        assertThat(page.status()).isEqualTo(200);

        // GET on the action URL shows the page again; no new SMS
        HttpLogin.Page again = login.open(action);
        assertThat(again.status()).isLessThan(500);
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        assertThat(env.server().log()).doesNotContain("x".repeat(200));
    }

    @Test
    void aOneMegabyteFormIsRefusedWithoutAServerError(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("sms-huge");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc().authRequest().url()), user);
        String action = page.form(LoginPages.SMS_FORM).absUrl("action");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", "1".repeat(1024 * 1024));
        HttpLogin.Page answer = login.postForm(action, form);
        assertThat(answer.status()).isNotEqualTo(500).isLessThan(500);
    }

    @Test
    void afterThePasswordNothingIsIssuedUntilTheCodeIsRight(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("half-way");
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = env.oidc().authRequest();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        String action = page.form(LoginPages.SMS_FORM).absUrl("action");

        // another authorization request from the same browser: no SSO session exists yet, so no code
        HttpLogin.Page other = login.open(env.oidc().authRequest().url());
        assertThat(other.isCallback(env.oidc().redirectUri())).isFalse();
        assertThat(other.document().text()).doesNotContain(user.phone().substring(3));
        // a required-action URL of a later step: refused, nothing shown
        HttpLogin.Page later = login.open(env.baseUrl() + "/realms/" + TestEnvironment.REALM
                + "/login-actions/required-action?execution=twofold-backup-codes&client_id=" + TestEnvironment.CLIENT);
        assertThat(later.isCallback(env.oidc().redirectUri())).isFalse();
        assertThat(later.document().select("#twofold-backup-codes-list li")).isEmpty();
        // the token endpoint with a made-up code
        assertThat(env.oidc().post("/protocol/openid-connect/token", Map.of("grant_type", "authorization_code", "code", "made-up",
                "client_id", TestEnvironment.CLIENT, "redirect_uri", env.oidc().redirectUri())).statusCode()).isEqualTo(400);
        // a code form POST without a code
        HttpLogin.Page empty = login.postForm(action, Map.of());
        assertThat(empty.isCallback(env.oidc().redirectUri())).isFalse();
        assertThat(env.admin().get("/admin/realms/" + TestEnvironment.REALM + "/users/" + user.id() + "/sessions").expect(200).json())
                .as("no user session before the second step").isEmpty();

        HttpLogin.Page done = LoginPages.code(login, empty, code(env, user, 1));
        assertThat(done.isCallback(env.oidc().redirectUri())).as(done.document().text()).isTrue();
        assertThat(request.exchange(done.url()).amr()).contains("sms");
    }
}

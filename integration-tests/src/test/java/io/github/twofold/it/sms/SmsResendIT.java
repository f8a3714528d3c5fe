package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resend cooldown, dead old codes, kept failure counts, expiry and replay. */
@TwofoldTest
class SmsResendIT {

    private static String code(TestEnvironment env, TestUser user, int nth) {
        return env.sms().awaitCode(user.phone(), nth);
    }

    private static HttpLogin.Page resend(HttpLogin login, HttpLogin.Page page) {
        return login.submit(page, LoginPages.SMS_FORM, Map.of("resend", "true"));
    }

    @Test
    @MovesClock
    void resendWaitsForTheCooldownThenSendsANewCodeAndTheOldOneIsDead(TestEnvironment env) {
        try (TestClock clock = env.clock()) {
            String realm = env.realmWithPolicy("resend", Map.of("smsResendCooldownSeconds", "10", "secondFactorFailuresBeforeDelay", "10"),
                    Map.of("quickLoginCheckMilliSeconds", 1));
            TestUser user = env.newUserWithPhone(realm, "resend");
            OidcClient.AuthRequest request = env.oidc(realm).authRequest();
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
            String first = code(env, user, 1);

            page = resend(login, page);
            assertThat(page.errorText()).matches(".*Please wait \\d+ seconds before requesting another code.*");
            assertThat(env.sms().messagesTo(user.phone())).as("no SMS during the cooldown").hasSize(1);

            clock.advance(Duration.ofMillis(10_500));
            page = resend(login, page);
            assertThat(page.document().text()).contains("We sent a code to");
            String second = code(env, user, 2);

            page = LoginPages.code(login, page, first);
            assertThat(page.errorText()).as("the code the resend replaced").contains("Invalid code");
            page = LoginPages.code(login, page, second);
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();
            request.exchange(page.url());
        }
    }

    @Test
    @MovesClock
    void aResendDoesNotResetTheFailureCount(TestEnvironment env) {
        try (TestClock clock = env.clock()) {
            String realm = env.realmWithPolicy("resend-count", Map.of("smsResendCooldownSeconds", "10", "secondFactorFailuresBeforeDelay", "2"),
                    Map.of("quickLoginCheckMilliSeconds", 1));
            TestUser user = env.newUserWithPhone(realm, "resend-count");
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            String wrong = code(env, user, 1).equals("000000") ? "111111" : "000000";
            page = LoginPages.code(login, page, wrong);
            page = LoginPages.code(login, page, wrong);
            clock.advance(Duration.ofMillis(5_500));
            page = LoginPages.code(login, page, wrong);
            assertThat(page.errorText()).as("third failure: the next try waits 10 s").contains("Invalid code");

            clock.advance(Duration.ofMillis(5_000)); // the resend cooldown (10 s since the first SMS) is over; the 10 s delay is not
            page = resend(login, page);
            String fresh = code(env, user, 2);
            page = LoginPages.code(login, page, fresh);
            assertThat(page.errorText()).as("a new code does not clear the delay earned with the old one")
                    .matches(".*Too many wrong codes. Please wait \\d+ seconds before trying again.*");
            assertThat(env.admin().recordedFailures(realm, user.id(), 3)).isEqualTo(3);

            clock.advance(Duration.ofMillis(10_500));
            page = LoginPages.code(login, page, fresh);
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        }
    }

    @Test
    @MovesClock
    void perCodeCapKillsTheCodeAfterFiveWrongEntries(TestEnvironment env) {
        try (TestClock clock = env.clock()) {
            String realm = env.realmWithPolicy("cap", Map.of("smsResendCooldownSeconds", "10", "secondFactorFailuresBeforeDelay", "20"),
                    Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
            TestUser user = env.newUserWithPhone(realm, "cap");
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            String right = code(env, user, 1);
            String wrong = right.equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                page = LoginPages.code(login, page, wrong);
                assertThat(page.errorText()).contains("Invalid code");
            }
            page = LoginPages.code(login, page, right);
            assertThat(page.errorText()).contains("This code can no longer be used. Request a new code.");

            clock.advance(Duration.ofMillis(10_500));
            page = resend(login, page);
            page = LoginPages.code(login, page, code(env, user, 2));
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();
        }
    }

    @Test
    @MovesClock
    void expiredCodeSaysSoAndIsCounted(TestEnvironment env) {
        try (TestClock clock = env.clock()) {
            String realm = env.realmWithPolicy("expiry", Map.of("smsCodeLifetimeSeconds", "60"), Map.of("quickLoginCheckMilliSeconds", 1));
            TestUser user = env.newUserWithPhone(realm, "expiry");
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            String code = code(env, user, 1);
            clock.advance(Duration.ofMillis(61_000));
            page = LoginPages.code(login, page, code);
            assertThat(page.errorText()).contains("This code has expired. Request a new code.");
            assertThat(env.admin().recordedFailures(realm, user.id(), 1)).isEqualTo(1);

            page = resend(login, page);
            page = LoginPages.code(login, page, code(env, user, 2));
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();
        }
    }

    @Test
    void aCodeIsUsedOnceAReplayAfterTheLoginGetsNothing(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("replay");
        OidcClient.AuthRequest request = env.oidc().authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        String action = page.form(LoginPages.SMS_FORM).absUrl("action");
        String code = code(env, user, 1);
        HttpLogin.Page done = login.postForm(action, Map.of("code", code));
        assertThat(done.isCallback(env.oidc().redirectUri())).isTrue();
        request.exchange(done.url());

        // The finished login's own form URL: its authentication session is gone, so no code can be earned there.
        HttpLogin stranger = env.httpLogin();
        HttpLogin.Page replayElsewhere = stranger.postForm(action, Map.of("code", code));
        assertThat(replayElsewhere.isCallback(env.oidc().redirectUri())).isFalse();
        assertThat(replayElsewhere.status()).isLessThan(500);

        // A new login of the same user: the used code is not accepted in place of the new one.
        HttpLogin again = env.httpLogin();
        HttpLogin.Page second = LoginPages.password(again, again.open(env.oidc().authRequest().url()), user);
        code(env, user, 2);
        second = LoginPages.code(again, second, code);
        assertThat(second.errorText()).contains("Invalid code");
    }

    /**
     * A code belongs to its login: the code of a login in one browser, still unused, does not
     * sign in another login of the same user, and its own login then still takes it.
     */
    @Test
    void anUnusedCodeOfOneLoginDoesNotSignInAnother(TestEnvironment env) {
        String realm = env.realmWithPolicy("bound-login", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "bound-login");
        HttpLogin first = env.httpLogin();
        HttpLogin.Page firstPage = LoginPages.password(first, first.open(env.oidc(realm).authRequest().url()), user);
        String firstCode = code(env, user, 1);
        HttpLogin second = env.httpLogin();
        HttpLogin.Page secondPage = LoginPages.password(second, second.open(env.oidc(realm).authRequest().url()), user);
        String secondCode = code(env, user, 2);
        org.junit.jupiter.api.Assumptions.assumeFalse(firstCode.equals(secondCode), "the two random codes happen to be equal");

        HttpLogin.Page crossed = LoginPages.code(second, secondPage, firstCode);
        assertThat(crossed.isCallback(env.oidc(realm).redirectUri())).as("the other login's code").isFalse();
        assertThat(crossed.errorText()).contains("Invalid code");
        assertThat(LoginPages.code(first, firstPage, firstCode).isCallback(env.oidc(realm).redirectUri())).as("its own login").isTrue();
        assertThat(LoginPages.code(second, crossed, secondCode).isCallback(env.oidc(realm).redirectUri())).isTrue();
    }

    /**
     * A code belongs to its number: during phone set-up, after changing the number, the code sent
     * to the first number does not confirm the second; the second number's own code does.
     */
    @Test
    @MovesClock
    void theCodeOfTheFirstNumberDoesNotConfirmTheSecond(TestEnvironment env) {
        String realm = env.realmWithPolicy("bound-number", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUser(realm, "bound-number", Map.of());
        String first = io.github.twofold.it.harness.Phones.random();
        String second = io.github.twofold.it.harness.Phones.random();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), user);
        page = LoginPages.phone(login, page, first);
        String firstCode = env.sms().awaitCode(first, 1);
        try (TestClock clock = env.clock()) {
            page = login.submit(page, LoginPages.VERIFY_PHONE_FORM, Map.of("change-number", ""));
            clock.advance(Duration.ofSeconds(31)); // past the cooldown: the second number gets its text
            page = LoginPages.phone(login, page, second);
        }
        String secondCode = env.sms().awaitCode(second, 1);
        org.junit.jupiter.api.Assumptions.assumeFalse(firstCode.equals(secondCode), "the two random codes happen to be equal");

        page = LoginPages.verifyPhone(login, page, firstCode);
        assertThat(page.errorText()).as("the first number's code").contains("Invalid code");
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactly("password");
        page = LoginPages.verifyPhone(login, page, secondCode);
        assertThat(page.errorText()).as(page.document().text()).doesNotContain("Invalid code");
        assertThat(env.admin().credentials(realm, user.id()).toString()).contains(io.github.twofold.it.harness.Phones.masked(second))
                .doesNotContain(io.github.twofold.it.harness.Phones.masked(first));
    }
}

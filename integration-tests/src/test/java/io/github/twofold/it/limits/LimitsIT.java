package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Burst;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.OtherAddress;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Twofold's limits against the real server, one node (docs/security.md, "Every limit at a glance"; the same
 * limits across two nodes are in {@code ClusterLimitsIT}). Each test has a realm of its own, so
 * its counters start at zero.
 */
@TwofoldTest
class LimitsIT {

    private static String code(TestEnvironment env, TestUser user, int nth) {
        return env.sms().awaitCode(user.phone(), nth);
    }

    private static String wrong(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }

    private static List<JsonNode> events(TestEnvironment env, String realm, String twofoldKey, String value) {
        return StreamSupport.stream(env.admin().events(realm, Map.of()).spliterator(), false)
                .filter(e -> value.equals(e.path("details").path(twofoldKey).asText()))
                .toList();
    }

    /** Signs {@code user} in and expects the SMS page with one text sent. */
    private static void smsSent(TestEnvironment env, String realm, TestUser user) {
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.document().text()).as(user.phone()).contains("We sent a 6-digit code");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
    }

    /** Signs {@code user} in and expects the budget's refusal: no text to the number, the limit's event. */
    private static void smsRefused(TestEnvironment env, String realm, TestUser user, String limit) {
        int before = env.sms().messagesTo(user.phone()).size();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.errorText()).as(limit).matches(".*Too many codes requested\\. Try again in \\d+ (minutes|seconds|hours) or use another way to sign in\\..*");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS past the " + limit + " budget").hasSize(before);
        assertThat(events(env, realm, "twofold_limit", limit)).as("an event for the refused send").isNotEmpty();
    }

    /**
     * The budgets of a number, of its block of 1,000 numbers and of its country each stop the next
     * SMS through the server, for other accounts too, while a number outside them still gets its text.
     */
    @Test
    void aNumberItsBlockAndItsCountryEachHaveABudget(TestEnvironment env) {
        Map<String, Object> settings = Map.of("quickLoginCheckMilliSeconds", 1);
        String byNumber = env.realmWithPolicy("sms-number", Map.of("smsPerNumberPerDay", "1", "youngAccountHours", "0"), settings);
        String shared = Phones.random();
        smsSent(env, byNumber, env.newUserWithPhone(env.admin(), byNumber, "sms-number", shared));
        smsRefused(env, byNumber, env.newUserWithPhone(env.admin(), byNumber, "sms-number", shared), "sms_per_number");
        smsSent(env, byNumber, env.newUserWithPhone(byNumber, "sms-number"));

        String byBlock = env.realmWithPolicy("sms-block", Map.of("smsPerPrefixPerHour", "1", "youngAccountHours", "0"), settings);
        String first = Phones.random();
        smsSent(env, byBlock, env.newUserWithPhone(env.admin(), byBlock, "sms-block", first));
        smsRefused(env, byBlock, env.newUserWithPhone(env.admin(), byBlock, "sms-block", Phones.sameBlockAs(first)), "sms_per_prefix");
        smsSent(env, byBlock, env.newUserWithPhone(byBlock, "sms-block"));

        String byCountry = env.realmWithPolicy("sms-country", Map.of("smsPerCountryPerHour", "1", "youngAccountHours", "0"), settings);
        smsSent(env, byCountry, env.newUserWithPhone(byCountry, "sms-country"));
        smsRefused(env, byCountry, env.newUserWithPhone(byCountry, "sms-country"), "sms_per_country");
        smsSent(env, byCountry, env.newUserWithPhone(env.admin(), byCountry, "sms-country", Phones.swiss()));
    }

    @Test
    void oneAddressSendingSmsForManyAccountsIsStoppedAndTheAccountsStayUsable(TestEnvironment env) {
        String realm = env.realmWithPolicy("sms-ip", Map.of("smsPerIpPerHour", "3"), Map.of("quickLoginCheckMilliSeconds", 1));
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(env.newUserWithPhone(realm, "sms-ip"));
        }
        // A forged X-Forwarded-For changes nothing: the server was started without --proxy-headers.
        for (int i = 0; i < 3; i++) {
            HttpLogin login = env.httpLogin().header("X-Forwarded-For", "203.0.113." + (10 + i));
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), users.get(i));
            assertThat(page.document().text()).contains("We sent a 6-digit code");
        }
        HttpLogin attacker = env.httpLogin().header("X-Forwarded-For", "203.0.113.99");
        HttpLogin.Page refused = LoginPages.password(attacker, attacker.open(env.oidc(realm).authRequest().url()), users.get(3));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.errorText()).matches(".*Too many codes requested\\. Try again in \\d+ (minutes|seconds) or use another way to sign in\\..*");
        assertThat(env.sms().messagesTo(users.get(3).phone())).as("no SMS past the address's budget").isEmpty();
        assertThat(events(env, realm, "twofold_limit", "sms_per_ip")).as("an event for the refused send").isNotEmpty();

        // The same account from another address: the budget was the address's, not the account's.
        try (OtherAddress elsewhere = new OtherAddress(env.server().httpPort())) {
            HttpLogin victim = env.httpLogin();
            String url = elsewhere.rewrite(env.oidc(realm).authRequest().url(), env.server().httpPort());
            HttpLogin.Page page = LoginPages.password(victim, victim.open(url), users.get(3));
            assertThat(page.document().text()).contains("We sent a 6-digit code");
            page = LoginPages.code(victim, page, code(env, users.get(3), 1));
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        }
        assertThat(env.admin().attackDetection(realm, users.get(3).id()).path("disabled").asBoolean()).isFalse();
    }

    @Test
    void wrongCodesFromOneAddressAcrossAccountsMakeTheAddressWaitNotTheAccounts(TestEnvironment env) {
        String realm = env.realmWithPolicy("fail-ip", Map.of("secondFactorFailuresPerIpPerHour", "5", "secondFactorFailuresBeforeDelay", "10"),
                Map.of("quickLoginCheckMilliSeconds", 1));
        List<TestUser> users = List.of(env.newUserWithPhone(realm, "fail-ip"), env.newUserWithPhone(realm, "fail-ip"),
                env.newUserWithPhone(realm, "fail-ip"));
        int evaluated = 0;
        for (int u = 0; u < 2; u++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), users.get(u));
            String wrong = wrong(code(env, users.get(u), 1));
            for (int i = 0; i < 3 && evaluated < 5; i++, evaluated++) {
                page = LoginPages.code(login, page, wrong);
                assertThat(page.errorText()).contains("Invalid code");
                awaitRecordedFailures(env, realm, users.get(u), i + 1);
            }
        }
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), users.get(2));
        String right = code(env, users.get(2), 1);
        page = LoginPages.code(login, page, right);
        assertThat(page.errorText()).as("the sixth code from one address, even a right one, is not looked at")
                .matches(".*Too many wrong codes\\. Please wait \\d+ (minutes|seconds) before trying again\\..*");
        assertThat(events(env, realm, "twofold_limit", "ip_failures")).isNotEmpty();

        // The account owner elsewhere is not affected: same pending code, another address.
        try (OtherAddress elsewhere = new OtherAddress(env.server().httpPort())) {
            HttpLogin owner = env.httpLogin();
            String url = elsewhere.rewrite(env.oidc(realm).authRequest().url(), env.server().httpPort());
            HttpLogin.Page own = LoginPages.password(owner, owner.open(url), users.get(2));
            own = LoginPages.code(owner, own, code(env, users.get(2), 2));
            assertThat(own.isCallback(env.oidc(realm).redirectUri())).as(own.document().text()).isTrue();
        }
        for (TestUser user : users) {
            assertThat(env.admin().attackDetection(realm, user.id()).path("disabled").asBoolean()).isFalse();
        }
    }

    /**
     * Keycloak records a failure for its brute-force detector on a background executor; the next
     * code posted before that record is written can find the account briefly "temporarily locked"
     * (seen once in a clean-clone run). Waits, bounded, until Keycloak shows the failures.
     */
    private static void awaitRecordedFailures(TestEnvironment env, String realm, TestUser user, int failures) {
        if (env.admin().recordedFailures(realm, user.id(), failures) < failures) {
            throw new AssertionError("Keycloak did not record " + failures + " failures for " + user.username() + " within 10 s");
        }
    }

    @Test
    void theLockAtTheThresholdRestartsTheLoginAndHoldsForANewLogin(TestEnvironment env) {
        String realm = env.realmWithPolicy("lock", Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = env.newUserWithPhone(realm, "lock");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String right = code(env, user, 1);
        page = LoginPages.code(login, page, wrong(right));
        page = LoginPages.code(login, page, wrong(right));
        assertThat(page.errorText()).contains("Invalid code");
        page = LoginPages.code(login, page, wrong(right));
        assertThat(page.errorText()).matches(".*Two-step sign-in is locked for \\d+ hours\\..*");
        assertThat(page.document().getElementById(LoginPages.PASSWORD_FORM)).as("the password must be entered again").isNotNull();
        assertThat(events(env, realm, "twofold_event", "second_factor_locked")).hasSize(1);
        assertThat(env.admin().recordedFailures(realm, user.id(), 3)).as("every wrong code, the one that locked too, counted by Keycloak").isEqualTo(3);

        // A new login with the right password: locked, no SMS sent, and the old right code is of no use.
        HttpLogin again = env.httpLogin();
        HttpLogin.Page locked = LoginPages.password(again, again.open(env.oidc(realm).authRequest().url()), user);
        assertThat(locked.errorText()).matches(".*Two-step sign-in is locked for \\d+ hours\\..*");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        assertThat(locked.document().getElementById("code")).as("no code field while locked").isNull();
        // the page offers no resend; a hand-made one is refused as well
        HttpLogin.Page resend = again.postForm(locked.url(), Map.of("resend", "true"));
        assertThat(env.sms().messagesTo(user.phone())).as("no resend while locked").hasSize(1);
        assertThat(resend.isCallback(env.oidc(realm).redirectUri())).isFalse();
        // the lock ended that sign-in: Keycloak's "Page has expired", whose links lead back to the lock
        assertThat(resend.document().text()).as("what the user sees").contains("Page has expired").doesNotContain("We sent");
        assertThat(resend.document().getElementById("code")).isNull();
    }

    @Test
    void aResendFromAnOpenPageWhileTheLockHoldsShowsTheLockPage(TestEnvironment env) {
        String realm = env.realmWithPolicy("lock-resend", Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = env.newUserWithPhone(realm, "lock-resend");
        HttpLogin open = env.httpLogin();
        HttpLogin.Page waiting = LoginPages.password(open, open.open(env.oidc(realm).authRequest().url()), user);
        String right = code(env, user, 1);

        // meanwhile another login of the account reaches the lock
        HttpLogin other = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(other, other.open(env.oidc(realm).authRequest().url()), user);
        for (int i = 0; i < 3; i++) {
            page = LoginPages.code(other, page, wrong(right));
        }
        assertThat(page.errorText()).contains("Two-step sign-in is locked");
        int sent = env.sms().messagesTo(user.phone()).size();

        HttpLogin.Page resend = open.submit(waiting, LoginPages.SMS_FORM, Map.of("resend", "true"));
        assertThat(resend.status()).as("the lock page, not an error page: " + resend.document().text()).isEqualTo(200);
        assertThat(resend.errorText()).matches(".*Two-step sign-in is locked for \\d+ hours\\..*");
        assertThat(resend.document().text()).doesNotContain("We are sorry");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS while locked").hasSize(sent);
    }

    /** A well-formed backup code that is not the given one (one character of its random part changed). */
    private static String wrongBackupCode(String code) {
        char c = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (c == '2' ? '3' : '2');
    }

    /**
     * The shape of CVE-2024-4629: many logins of one account (each past its password) send their
     * guesses at the same moment. Keycloak's brute-force detection is off, so Twofold's guard is
     * the only thing counting; one parallel burst on a single login is already serialised by
     * Keycloak's session codes, so each guess here comes from a login of its own.
     */
    @Test
    void aBurstOfAHundredParallelWrongCodesGetsNoMoreEvaluationsThanTheLimit(TestEnvironment env) {
        int lockAt = 5;
        String realm = env.realmWithPolicy("burst", Map.of("secondFactorFailuresBeforeDelay", "20",
                        "secondFactorFailuresBeforeLock", Integer.toString(lockAt)),
                Map.of("bruteForceProtected", false));
        TestUser user = env.newUser(realm, "burst", Map.of());
        String right = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), user).get(0);
        String wrong = wrongBackupCode(right);
        int logins = 101;
        String server = env.baseUrl();
        List<HttpLogin.Page> pages = Burst.atOnce(env, logins, i -> env.oidc(realm).authRequest().url(), user, LoginPages.BACKUP_FORM,
                i -> Map.of("code", i == logins / 2 ? right : wrong, "login", "true"), i -> server);
        Map<String, Long> answers = pages.stream().collect(java.util.stream.Collectors.groupingBy(
                p -> p.status() + " " + (p.errorText().isEmpty() ? Json.abbreviate(p.document().text()) : p.errorText()),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertThat(pages).as("answers: %s", answers).allSatisfy(p -> assertThat(p.status()).isLessThan(500));
        long invalid = pages.stream().filter(p -> p.errorText().contains("Invalid backup code")).count();
        long locked = pages.stream().filter(p -> p.errorText().contains("Two-step sign-in is locked")).count();
        long signedIn = pages.stream().filter(p -> p.document().text().contains("backup codes left")).count();
        // The right code, when it was evaluated, ends the streak it was counted in: the wrong codes
        // counted before it (fewer than the limit) go with it, those counted after it do not.
        long wrongAllowed = signedIn == 0 ? lockAt : 2L * lockAt - 1;
        assertThat(invalid).as("wrong codes evaluated, %d signed in (answers: %s)", signedIn, answers).isLessThanOrEqualTo(wrongAllowed);
        assertThat(locked).as("attempts refused by the lock (answers: %s)", answers).isGreaterThanOrEqualTo(logins - signedIn - wrongAllowed);
        assertThat(pages.stream().filter(p -> p.errorText().contains("Two-step sign-in is locked")))
                .as("every lock answer gives the lock's full window (answers: %s)", answers)
                .allSatisfy(p -> assertThat(p.errorText()).contains("locked for 24 hours"));
        // However the right code fell among them, a hundred wrong ones end in the lock, reached once.
        HttpLogin again = env.httpLogin();
        HttpLogin.Page next = LoginPages.password(again, again.open(env.oidc(realm).authRequest().url()), user);
        assertThat(next.errorText()).contains("Two-step sign-in is locked");
        assertThat(events(env, realm, "twofold_event", "second_factor_locked")).hasSize(1);
    }

    @Test
    void theDailyCircuitBreakerStopsSmsForTheRealmAndOffersAnotherWay(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("breaker", Map.of("smsPerRealmPerDay", "2", "youngAccountHours", "0"), Map.of("quickLoginCheckMilliSeconds", 1));
        for (int i = 0; i < 2; i++) {
            TestUser user = env.newUserWithPhone(realm, "breaker");
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            assertThat(page.document().text()).contains("We sent a 6-digit code");
        }
        TestUser user = env.newUserWithPhoneAndTotp(realm, "breaker");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user); // SMS is the user's first method
        browser.waitForText("Text messages are unavailable right now. Please use another way to sign in.");
        browser.screenshot("limits-sms-suspended");
        assertThat(env.sms().messagesTo(user.phone())).isEmpty();
        assertThat(events(env, realm, "twofold_limit", "sms_per_realm")).isNotEmpty();
        assertThat(env.server().log()).contains("SMS circuit breaker open for realm " + realm);

        LoginPages.chooseMethod(browser, "Authenticator Application");
        browser.type(By.id("otp"), Totp.code(user.totpSecret())).click(LoginPages.LOGIN);
        browser.waitForUrl(env.oidc(realm).redirectUri());
        assertThat(request.exchange(browser.url()).amr()).contains("otp");
    }
}

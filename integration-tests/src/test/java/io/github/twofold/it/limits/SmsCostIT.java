package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edges of SMS cost: no free SMS by entering a number again during set-up, one SMS for a burst
 * of parallel resends, and fresh accounts that cannot switch SMS off for everyone.
 */
@TwofoldTest
class SmsCostIT {

    /** A realm of this class's own (a copy of the demo realm): its per-address SMS budget is not shared with other tests. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("cost", Map.of());
    }

    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);

    /**
     * Someone who knows only a username causes nothing of Twofold's: wrong passwords send no SMS,
     * write no Twofold event and lock nothing, so the owner's next sign-in gets its SMS at once.
     */
    @Test
    void wrongPasswordsSendNoSmsAndLockNothing(TestEnvironment env) {
        String own = env.realmWithPolicy("username-only", Map.of(), SETTINGS);
        TestUser user = env.newUserWithPhone(own, "username-only");
        for (int i = 0; i < 5; i++) {
            HttpLogin attacker = env.httpLogin();
            HttpLogin.Page page = attacker.submit(attacker.open(env.oidc(own).authRequest().url()), LoginPages.PASSWORD_FORM,
                    Map.of("username", user.username(), "password", "not-the-password-" + i));
            assertThat(page.errorText()).contains("Invalid username or password");
        }
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS for a username alone").isEmpty();
        assertThat(env.admin().userEvents(own, user.id())).as("only Keycloak's own failed logins, nothing of Twofold's")
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.path("type").asText()).isEqualTo("LOGIN_ERROR");
                    assertThat(e.path("error").asText()).isEqualTo("invalid_user_credentials");
                    assertThat(e.path("details").toString()).doesNotContain("twofold");
                });

        HttpLogin owner = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(owner, owner.open(env.oidc(own).authRequest().url()), user);
        assertThat(env.sms().messagesTo(user.phone())).as("the owner's SMS is sent at once").hasSize(1);
        page = LoginPages.code(owner, page, env.sms().awaitCode(user.phone(), 1));
        assertThat(page.isCallback(env.oidc(own).redirectUri())).as(page.document().text()).isTrue();
    }

    @Test
    @MovesClock
    void changingTheNumberDuringSetUpBuysNoFreeSms(TestEnvironment env) {
        TestUser user = env.newUser(realm, "cost-change", Map.of());
        String first = Phones.random();
        String second = Phones.random();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), user);
        page = LoginPages.phone(login, page, first);
        assertThat(env.sms().messagesTo(first)).hasSize(1);

        try (TestClock clock = env.clock()) {
            page = login.submit(page, LoginPages.VERIFY_PHONE_FORM, Map.of("change-number", ""));
            page = LoginPages.phone(login, page, second);
            assertThat(env.sms().messagesTo(second)).as("another number right away: no SMS").isEmpty();
            assertThat(page.errorText()).contains("Please wait");
            page = LoginPages.phone(login, page, first);
            assertThat(env.sms().messagesTo(first)).as("the same number again: no SMS").hasSize(1);

            clock.advance(Duration.ofSeconds(31));
            page = LoginPages.phone(login, page, second);
            assertThat(env.sms().messagesTo(second)).as("after the cooldown").hasSize(1);
            page = login.submit(page, LoginPages.VERIFY_PHONE_FORM, Map.of("change-number", ""));
            LoginPages.phone(login, page, first);
            assertThat(env.sms().messagesTo(first)).as("the next cooldown holds as well").hasSize(1);
        }
    }

    /**
     * Keycloak's own brute-force protector (blocking by default) answers requests of a user who has
     * another sign-in request in progress with its lock page, so in a realm that uses it most of a
     * burst never reaches Twofold. The burst runs in a realm without it, where all ten do: Twofold's
     * claim of the next SMS is then the only thing that keeps the count at one.
     */
    @Test
    @MovesClock
    void aBurstOfParallelResendsSendsOneSms(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("cost-burst", Map.of(), Map.of("bruteForceProtected", false));
        TestUser user = env.newUserWithPhone(realm, "cost-burst");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        HttpLogin.Page smsPage = page;
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(31));
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpLogin.Page>> answers = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return login.submit(smsPage, LoginPages.SMS_FORM, Map.of("resend", "true"));
                    }));
                }
                start.countDown();
                for (Future<HttpLogin.Page> answer : answers) {
                    HttpLogin.Page answered = answer.get();
                    assertThat(answered.status()).isLessThan(500);
                    seen.add(answered.status() + " " + answered.errorText());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        // what the pages said and what the server recorded, shown should the count ever be wrong
        assertThat(env.sms().messagesTo(user.phone())).as(() -> "ten parallel resends, one SMS; the pages: " + seen
                + "; the user's events: " + env.admin().userEvents(realm, user.id())).hasSize(2);
    }

    @Test
    @MovesClock
    void freshAccountsShareABudgetOfTheirOwnAndCannotOpenTheRealmsBreaker(TestEnvironment env) {
        String realm = env.realmWithPolicy("cost-young", Map.of("smsPerRealmPerDay", "2", "smsPerDayYoungAccounts", "2",
                "youngAccountHours", "1"), SETTINGS);
        TestUser established = env.newUserWithPhone(realm, "cost-old");
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofHours(2));
            List<TestUser> fresh = List.of(env.newUserWithPhone(realm, "cost-new"), env.newUserWithPhone(realm, "cost-new"),
                    env.newUserWithPhone(realm, "cost-new"));
            List<HttpLogin.Page> pages = new ArrayList<>();
            for (TestUser user : fresh) {
                HttpLogin login = env.httpLogin();
                pages.add(LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user));
            }
            assertThat(env.sms().messagesTo(fresh.get(0).phone())).hasSize(1);
            assertThat(env.sms().messagesTo(fresh.get(1).phone())).hasSize(1);
            assertThat(env.sms().messagesTo(fresh.get(2).phone())).as("the young accounts' budget is spent").isEmpty();
            assertThat(pages.get(2).errorText()).contains("Too many codes requested");
            assertThat(env.admin().userEvents(realm, fresh.get(2).id()).toString()).contains("sms_young_accounts");

            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), established);
            assertThat(env.sms().messagesTo(established.phone())).as("an established account still gets its SMS").hasSize(1);
            assertThat(page.document().getElementById("code")).isNotNull();
        }
    }
}

package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MariaDbNode;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counters and single use on MariaDB (row locks and primary keys behave differently there). */
@TwofoldTest
class MariaDbLimitsIT {

    @BeforeEach
    void needsMariaDb() {
        String why = MariaDbNode.unavailableReason();
        if (why != null) {
            System.out.println("[twofold-it] SKIPPED MariaDbLimitsIT: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    @Test
    void theAccountLockCountsEveryWrongCode(TestEnvironment env, MariaDbNode node) {
        String realm = TestEnvironment.realmWithPolicy(node.admin(), "maria-lock",
                Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = env.newUserWithPhone(node.admin(), realm, "maria-lock");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(node.server().baseUrl(), realm).authRequest().url()), user);
        String right = env.sms().awaitMessage(user.phone(), 1).code();
        SecretScanner.get().register("SMS code", right);
        String wrong = right.equals("000000") ? "111111" : "000000";
        page = LoginPages.code(login, page, wrong);
        page = LoginPages.code(login, page, wrong);
        page = LoginPages.code(login, page, wrong);
        assertThat(page.errorText()).contains("Two-step sign-in is locked");
        HttpLogin again = env.httpLogin();
        HttpLogin.Page locked = LoginPages.password(again, again.open(env.oidc(node.server().baseUrl(), realm).authRequest().url()), user);
        assertThat(locked.errorText()).contains("Two-step sign-in is locked");
    }

    @Test
    void fiftyParallelUsesOfOneBackupCodeSucceedOnce(TestEnvironment env, MariaDbNode node) throws Exception {
        String realm = TestEnvironment.realmWithPolicy(node.admin(), "maria-race", Map.of("secondFactorFailuresBeforeDelay", "20",
                "secondFactorFailuresBeforeLock", "99", "secondFactorFailuresPerIpPerHour", "100000"), Map.of("bruteForceProtected", false));
        TestUser user = env.newUser(node.admin(), realm, "maria-race", Map.of());
        String code = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(node.server().baseUrl(), realm), user).get(0);
        List<HttpLogin> logins = new ArrayList<>();
        List<HttpLogin.Page> pages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpLogin login = env.httpLogin();
            logins.add(login);
            pages.add(LoginPages.password(login, login.open(env.oidc(node.server().baseUrl(), realm).authRequest().url()), user));
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        int successes = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpLogin.Page>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HttpLogin login = logins.get(i);
                HttpLogin.Page page = pages.get(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return LoginPages.backupCode(login, page, code);
                }));
            }
            start.countDown();
            for (Future<HttpLogin.Page> f : results) {
                HttpLogin.Page result = f.get();
                assertThat(result.status()).isLessThan(500);
                if (result.document().text().contains("backup codes left")) {
                    successes++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(successes).isEqualTo(1);
    }
}

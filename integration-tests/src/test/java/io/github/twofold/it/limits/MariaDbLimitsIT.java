package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Burst;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MariaDbNode;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counters and single use on MariaDB (row locks and primary keys behave differently there). */
@TwofoldTest(otherServers = OtherServer.MARIADB, mainServer = false)
class MariaDbLimitsIT {

    @BeforeEach
    void needsMariaDb() {
        Databases.assumeAvailable(MariaDbNode.unavailableReason(), "MariaDbLimitsIT");
    }

    @Test
    void theAccountLockCountsEveryWrongCode(TestEnvironment env, MariaDbNode node) {
        String realm = TestEnvironment.realmWithPolicy(node.admin(), "maria-lock",
                Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = env.newUserWithPhone(node.admin(), realm, "maria-lock");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(node.server().baseUrl(), realm).authRequest().url()), user);
        String right = env.sms().awaitCode(user.phone(), 1);
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
    void fiftyParallelUsesOfOneBackupCodeSucceedOnce(TestEnvironment env, MariaDbNode node) {
        String realm = TestEnvironment.realmWithPolicy(node.admin(), "maria-race", Map.of("secondFactorFailuresBeforeDelay", "20",
                "secondFactorFailuresBeforeLock", "99", "secondFactorFailuresPerIpPerHour", "100000"), Map.of("bruteForceProtected", false));
        TestUser user = env.newUser(node.admin(), realm, "maria-race", Map.of());
        String code = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(node.server().baseUrl(), realm), user).get(0);
        String server = node.server().baseUrl();
        List<HttpLogin.Page> pages = Burst.atOnce(env, 50, i -> env.oidc(server, realm).authRequest().url(), user, LoginPages.BACKUP_FORM,
                i -> Map.of("code", code, "login", "true"), i -> server);
        assertThat(pages).allSatisfy(p -> assertThat(p.status()).isLessThan(500));
        assertThat(Burst.signedInWithBackupCode(pages)).as("logins that got in with one code").isEqualTo(1);
    }
}

package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Burst;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits and single use hold across two Keycloak nodes sharing PostgreSQL, with the requests of
 * one login alternating between the nodes. Skipped, with the reason, where
 * PostgreSQL is not reachable.
 */
@TwofoldTest(otherServers = OtherServer.CLUSTER, mainServer = false)
class ClusterLimitsIT {

    /** Per test, so that Maven's summary counts every skipped test (the reason is in the test report). */
    @BeforeEach
    void needsPostgres() {
        Databases.assumeAvailable(Cluster.unavailableReason(), "ClusterLimitsIT");
    }

    /** A realm like the demo realm with its own policy, created through node a. */
    private static String realm(Cluster cluster, String prefix, Map<String, String> policy, Map<String, Object> settings) {
        return TestEnvironment.realmWithPolicy(cluster.admin(), prefix, policy, settings);
    }

    private static TestUser userWithPhone(TestEnvironment env, Cluster cluster, String realm, String prefix) {
        return env.newUserWithPhone(cluster.admin(), realm, prefix);
    }

    private static HttpLogin.Page password(TestEnvironment env, HttpLogin login, KeycloakServer node, String realm, TestUser user) {
        return LoginPages.password(login, login.open(env.oidc(node.baseUrl(), realm).authRequest().url()), user);
    }

    private static HttpLogin.Page code(HttpLogin login, KeycloakServer node, HttpLogin.Page page, String code) {
        return login.submitVia(node.baseUrl(), page, LoginPages.SMS_FORM, Map.of("code", code, "login", "true"));
    }

    private static String sms(TestEnvironment env, TestUser user, int nth) {
        return env.sms().awaitCode(user.phone(), nth);
    }

    private static String wrong(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }

    @Test
    void theSendBudgetOfAUserHoldsAcrossNodes(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-budget", Map.of("smsPerUserPerHour", "3"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = userWithPhone(env, cluster, realm, "cl-budget");
        KeycloakServer[] nodes = {cluster.nodeA(), cluster.nodeB()};
        for (int i = 0; i < 3; i++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = password(env, login, nodes[i % 2], realm, user);
            assertThat(page.document().text()).as("login %d on node %s", i + 1, i % 2 == 0 ? "a" : "b").contains("We sent a 6-digit code");
        }
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = password(env, login, cluster.nodeB(), realm, user);
        assertThat(page.errorText()).contains("Too many codes requested");
        assertThat(env.sms().messagesTo(user.phone())).as("SMS at the stub").hasSize(3);
    }

    @Test
    void thePerCodeCapHoldsWhenWrongCodesAlternateBetweenNodes(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-cap", Map.of("secondFactorFailuresBeforeDelay", "20"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = userWithPhone(env, cluster, realm, "cl-cap");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = password(env, login, cluster.nodeA(), realm, user);
        String right = sms(env, user, 1);
        for (int i = 0; i < 5; i++) {
            page = code(login, i % 2 == 0 ? cluster.nodeB() : cluster.nodeA(), page, wrong(right));
            assertThat(page.errorText()).as("wrong entry %d", i + 1).contains("Invalid code");
        }
        page = code(login, cluster.nodeA(), page, right);
        assertThat(page.errorText()).contains("This code can no longer be used. Request a new code.");
    }

    /** A code Twilio Verify made, sent through one node, is checked (once) through the other: the pending code names the gateway on every node. */
    @Test
    void aVerifyCodeSentThroughOneNodeIsCheckedThroughTheOther(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-verify", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(cluster.admin(), realm, "cl-verify", Phones.austrian());
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = password(env, login, cluster.nodeA(), realm, user);
        assertThat(env.sms().messagesTo(user.phone())).extracting(TwilioStub.Sms::gateway).containsExactly("twilio-verify");
        String right = sms(env, user, 1);
        page = code(login, cluster.nodeB(), page, wrong(right));
        assertThat(page.errorText()).contains("Invalid code");
        page = code(login, cluster.nodeB(), page, right);
        assertThat(page.isCallback(env.oidc(cluster.nodeB().baseUrl(), realm).redirectUri())).as(page.errorText()).isTrue();
        assertThat(env.sms().verifyChecksFor(user.phone())).as("the wrong and the right code, each asked once").isEqualTo(2);
    }

    @Test
    void theAccountLockHoldsOnBothNodesAndSurvivesARestartOfOne(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-lock", Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1, "failureFactor", 100));
        TestUser user = userWithPhone(env, cluster, realm, "cl-lock");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = password(env, login, cluster.nodeA(), realm, user);
        String right = sms(env, user, 1);
        page = code(login, cluster.nodeB(), page, wrong(right));
        page = code(login, cluster.nodeA(), page, wrong(right));
        page = code(login, cluster.nodeB(), page, wrong(right));
        assertThat(page.errorText()).matches(".*Two-step sign-in is locked for \\d+ hours\\..*");

        cluster.nodeB().restart();
        HttpLogin again = env.httpLogin();
        HttpLogin.Page locked = password(env, again, cluster.nodeB(), realm, user);
        assertThat(locked.errorText()).as("after node b restarted").matches(".*Two-step sign-in is locked for \\d+ hours\\..*");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS while locked").hasSize(1);
    }

    @Test
    void theRealmCircuitBreakerOpensOnBothNodesAndClosesTheNextDay(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-breaker", Map.of("smsPerRealmPerDay", "2", "youngAccountHours", "0"), Map.of("quickLoginCheckMilliSeconds", 1));
        List<TestUser> users = List.of(userWithPhone(env, cluster, realm, "cl-breaker"), userWithPhone(env, cluster, realm, "cl-breaker"),
                userWithPhone(env, cluster, realm, "cl-breaker"));
        assertThat(password(env, env.httpLogin(), cluster.nodeA(), realm, users.get(0)).document().text()).contains("We sent a 6-digit code");
        assertThat(password(env, env.httpLogin(), cluster.nodeB(), realm, users.get(1)).document().text()).contains("We sent a 6-digit code");
        HttpLogin.Page refused = password(env, env.httpLogin(), cluster.nodeA(), realm, users.get(2));
        assertThat(refused.errorText()).contains("Text messages are unavailable right now");
        assertThat(env.sms().messagesTo(users.get(2).phone())).isEmpty();

        // A day passes for the realm's counters (their windows move back by 24 h): the breaker closes.
        String realmId = cluster.admin().get("/admin/realms/" + realm).expect(200).json().path("id").asText();
        int moved = cluster.sql("UPDATE twofold_counter SET window_start = window_start - 86400, last_hit = last_hit - 86400, "
                + "expires_at = expires_at - 86400 WHERE realm_id = '" + realmId.replace("'", "") + "'");
        assertThat(moved).isPositive();
        HttpLogin.Page next = password(env, env.httpLogin(), cluster.nodeB(), realm, users.get(2));
        assertThat(next.document().text()).contains("We sent a 6-digit code");
        assertThat(env.sms().messagesTo(users.get(2).phone())).hasSize(1);
    }

    @Test
    void aParallelBurstOnBothNodesNeverExceedsTheRealmBudgetAndWhatNodesReservedIsUsed(TestEnvironment env, Cluster cluster) {
        int cap = 24;
        String realm = realm(cluster, "cl-burst", Map.of("smsPerRealmPerDay", Integer.toString(cap), "youngAccountHours", "0",
                "smsPerIpPerHour", "1000", "smsPerPrefixPerHour", "1000"), Map.of("quickLoginCheckMilliSeconds", 1));
        List<TestUser> users = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            users.add(userWithPhone(env, cluster, realm, "cl-burst"));
        }
        KeycloakServer[] nodes = {cluster.nodeA(), cluster.nodeB()};
        List<HttpLogin.Page> burst = Burst.passwordsAtOnce(env, users, i -> env.oidc(nodes[i % 2].baseUrl(), realm).authRequest().url());
        long sent = burst.stream().filter(p -> p.document().text().contains("We sent a 6-digit code")).count();
        long refused = burst.stream().filter(p -> p.errorText().contains("Text messages are unavailable right now")).count();
        assertThat(sent + refused).as("every sign-in of the burst either got a code or was told SMS is off").isEqualTo(30);
        assertThat(sent).as("codes sent in a burst of 30 across two nodes, realm budget %d", cap).isLessThanOrEqualTo(cap);

        // Sign-ins one after the other, alternating nodes, until both nodes refuse: the sends a node
        // reserved on the shared row are used, and no more than the budget.
        int more = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 2 && i < users.size(); i++) {
            HttpLogin.Page page = password(env, env.httpLogin(), nodes[i % 2], realm, users.get(i));
            if (page.document().text().contains("We sent a 6-digit code")) {
                more++;
                refusedInARow = 0;
            } else {
                assertThat(page.errorText()).contains("Text messages are unavailable right now");
                refusedInARow++;
            }
        }
        assertThat(sent + more).as("codes sent in all, burst %d then %d one after the other", sent, more).isEqualTo(cap);
        assertThat(users.stream().mapToInt(u -> env.sms().messagesTo(u.phone()).size()).sum()).as("SMS at the stub").isEqualTo(cap);
    }

    @Test
    void fiftyParallelUsesOfOneBackupCodeSplitAcrossNodesSucceedOnce(TestEnvironment env, Cluster cluster) {
        String realm = realm(cluster, "cl-race", Map.of("secondFactorFailuresBeforeDelay", "20", "secondFactorFailuresBeforeLock", "99",
                "secondFactorFailuresPerIpPerHour", "100000"), Map.of("bruteForceProtected", false));
        TestUser user = env.newUser(cluster.admin(), realm, "cl-race", Map.of());
        String code = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(cluster.nodeA().baseUrl(), realm), user).get(0);
        KeycloakServer[] nodes = {cluster.nodeA(), cluster.nodeB()};
        // the password on one node, the code on the other
        List<HttpLogin.Page> pages = Burst.atOnce(env, 50, i -> env.oidc(nodes[i % 2].baseUrl(), realm).authRequest().url(), user,
                LoginPages.BACKUP_FORM, i -> Map.of("code", code, "login", "true"), i -> nodes[(i + 1) % 2].baseUrl());
        assertThat(pages).allSatisfy(p -> assertThat(p.status()).isLessThan(500));
        assertThat(Burst.signedInWithBackupCode(pages)).as("logins that got in with one code, across two nodes").isEqualTo(1);
        assertThat(pages).filteredOn(p -> p.document().text().contains("backup codes left"))
                .allSatisfy(p -> assertThat(p.document().text()).contains("9 of 10 backup codes left."));
    }

    @Test
    void eachNodeSeesTheOther(Cluster cluster) {
        assertThat(cluster.nodeA().log()).contains("node-b");
        assertThat(cluster.nodeB().log()).containsPattern("ISPN000094: Received new cluster view .*\\(2\\)");
    }
}

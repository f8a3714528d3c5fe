package io.github.twofold.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trust given on one node is honoured on the other, and removing it on one node ends it on both
 * (two Keycloak nodes sharing PostgreSQL). Skipped, with the reason, where PostgreSQL is not reachable.
 */
@TwofoldTest(otherServers = OtherServer.CLUSTER, mainServer = false)
class ClusterTrustedBrowserIT {

    @BeforeEach
    void needsPostgres() {
        Databases.assumeAvailable(Cluster.unavailableReason(), "ClusterTrustedBrowserIT");
    }

    private static HttpLogin.Page password(TestEnvironment env, HttpLogin login, KeycloakServer node, TestUser user) {
        login.forgetCookiesExcept(TrustedBrowserIT.COOKIE);
        return LoginPages.password(login, login.open(env.oidc(node.baseUrl(), user.realm()).authRequest().url()), user);
    }

    @Test
    void trustGivenOnOneNodeIsHonouredAndRevokedOnBoth(TestEnvironment env, Cluster cluster) {
        String realm = TestEnvironment.realmWithPolicy(cluster.admin(), "cl-trust", Map.of("trustedBrowserDays", "30"),
                Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(cluster.admin(), realm, "cl-trust");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = password(env, login, cluster.nodeA(), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = login.submitVia(cluster.nodeA().baseUrl(), page, LoginPages.SMS_FORM, Map.of("code", code, "login", "true", "trustBrowser", "on"));
        OidcClient nodeA = env.oidc(cluster.nodeA().baseUrl(), realm);
        assertThat(page.isCallback(nodeA.redirectUri())).as(page.document().text()).isTrue();
        String cookie = login.cookie(TrustedBrowserIT.COOKIE).orElseThrow();
        SecretScanner.get().register("trusted-browser cookie", cookie.substring(cookie.indexOf('.') + 1));

        page = password(env, login, cluster.nodeB(), user);
        assertThat(page.isCallback(nodeA.redirectUri())).as("node b honours node a's trust: " + page.document().text()).isTrue();
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);

        // removed through node b's admin API: node a refuses it at once
        AdminApi adminB = new AdminApi(cluster.nodeB().baseUrl());
        String id = StreamSupport.stream(adminB.credentials(realm, user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals("twofold-trusted-browser")).findFirst().orElseThrow().path("id").asText();
        adminB.delete("/admin/realms/" + realm + "/users/" + user.id() + "/credentials/" + id).expect(204);
        page = password(env, login, cluster.nodeA(), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as("node a after removal on node b: " + page.document().text()).isNotNull();
    }
}

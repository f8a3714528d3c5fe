package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Levels are earned, never given, and enforcement does not depend on what the application asks:
 * the token's {@code acr} and {@code amr} after postponing set-up, after holding a credential the
 * flow did not verify, and on SSO re-use in the same browser; a user past grace sets up a factor
 * whatever {@code acr_values}, {@code claims}, {@code prompt} or client the request names.
 */
@TwofoldTest
class LevelsIT {

    /** A realm of this class's own (a copy of the demo realm): its per-address SMS budget is not shared with other tests. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("levels", Map.of());
    }

    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);
    private static final String ESSENTIAL_LEVEL_2 = Json.write(Map.of("id_token", Map.of("acr", Map.of("essential", true, "values", List.of("2")))));

    /** Password, then "Remind me next time" on the set-up reminder. */
    private static HttpLogin.Page postpone(HttpLogin browser, HttpLogin.Page reminder) {
        assertThat(reminder.document().getElementById("kc-twofold-reminder-form")).as(reminder.document().text()).isNotNull();
        return browser.submit(reminder, "kc-twofold-reminder-form", Map.of("later", ""));
    }

    @Test
    void postponingGivesLevelOneAndLevelTwoLaterMeansSettingUp(TestEnvironment env) {
        String realm = env.realmWithPolicy("level-postpone", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "3"), SETTINGS);
        TestUser user = env.newUser(realm, "level-postpone", Map.of());
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = postpone(browser, LoginPages.password(browser, browser.open(request.url()), user));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("1");
        assertThat(tokens.amr()).containsExactly("pwd");
        OidcClient.Tokens refreshed = oidc.token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken(), "client_id", TestEnvironment.CLIENT));
        assertThat(refreshed.acr()).as("a refresh does not raise it").isEqualTo("1");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("level_capped");

        for (Map<String, String> level2 : List.of(Map.of("acr_values", "2"), Map.of("claims", ESSENTIAL_LEVEL_2))) {
            HttpLogin.Page again = browser.open(oidc.authRequest(level2).url());
            assertThat(again.isCallback(oidc.redirectUri())).as(level2 + " from the SSO session: no token yet").isFalse();
            assertThat(again.document().getElementById(LoginPages.CHOOSE_FORM)).as(again.document().text()).isNotNull();
        }
    }

    @Test
    void holdingACredentialTheFlowDoesNotCheckEarnsNothing(TestEnvironment env) {
        // Keycloak's recovery codes: a second factor, but the demo flow has no step that checks them
        TestUser user = env.newUser(realm, "level-holding", Map.of("credentials", List.of(Map.of(
                "type", "recovery-authn-codes",
                "secretData", Json.write(Map.of("codes", List.of(Map.of("number", 1, "encodedHashedValue", "AAAA")))),
                "credentialData", Json.write(Map.of("algorithm", "SHA-512", "totalCodes", 1, "remainingCodes", 1))))));
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("1");
        assertThat(tokens.amr()).doesNotContain("mfa");
    }

    @Test
    void aSecondFactorKeepsLevelTwoThroughSso(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "level-sso");
        SignIns signIn = SignIns.withSms(env, realm, user, 1);
        assertThat(signIn.tokens().acr()).isEqualTo("2");
        OidcClient.AuthRequest again = env.oidc(realm).authRequest(Map.of("acr_values", "2"));
        HttpLogin.Page page = signIn.browser().open(again.url());
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = again.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "sms", "mfa");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
    }

    @Test
    void pastGraceEveryRequestMeansSettingUp(TestEnvironment env) {
        String realm = env.realmWithPolicy("level-grace", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "1"), SETTINGS);
        TestUser user = env.newUser(realm, "level-grace", Map.of());
        OidcClient oidc = env.oidc(realm);
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = postpone(browser, LoginPages.password(browser, browser.open(oidc.authRequest().url()), user));
        assertThat(page.isCallback(oidc.redirectUri())).as("the one grace sign-in").isTrue();

        // the same browser (SSO), asking for level 1 or for nothing interactive
        HttpLogin.Page level1 = browser.open(oidc.authRequest(Map.of("acr_values", "1")).url());
        assertThat(level1.document().getElementById(LoginPages.CHOOSE_FORM)).as("acr_values=1: " + level1.document().text()).isNotNull();
        // claims asking for level 1, essential or not, in the ID token or the userinfo
        for (String claims : List.of(
                Json.write(Map.of("id_token", Map.of("acr", Map.of("essential", true, "values", List.of("1"))))),
                Json.write(Map.of("id_token", Map.of("acr", Map.of("values", List.of("1", "0"))))),
                Json.write(Map.of("userinfo", Map.of("acr", Map.of("essential", true, "value", "1")))),
                Json.write(Map.of("id_token", Map.of("acr", Map.of("essential", false)))))) {
            HttpLogin.Page asked = browser.open(oidc.authRequest(Map.of("claims", claims)).url());
            assertThat(asked.isCallback(oidc.redirectUri())).as("claims=" + claims + ": no code").isFalse();
            assertThat(asked.document().getElementById(LoginPages.CHOOSE_FORM)).as("claims=" + claims + ": " + asked.document().text()).isNotNull();
        }
        HttpLogin.Page silent = browser.open(oidc.authRequest(Map.of("prompt", "none")).url());
        assertThat(silent.isCallback(oidc.redirectUri())).as(silent.document().text()).isTrue();
        assertThat(silent.url()).contains("error=interaction_required").doesNotContain("code=");

        // a new browser, level 1 and a maximum age
        HttpLogin other = env.httpLogin();
        HttpLogin.Page fresh = LoginPages.password(other, other.open(oidc.authRequest(Map.of("acr_values", "1", "max_age", "0")).url()), user);
        assertThat(fresh.document().getElementById(LoginPages.CHOOSE_FORM)).as(fresh.document().text()).isNotNull();

        // another application: Keycloak's account console
        String console = env.baseUrl() + "/realms/" + realm + "/account/";
        OidcClient accountConsole = new OidcClient(env.baseUrl(), realm, "account-console", console);
        HttpLogin third = env.httpLogin();
        HttpLogin.Page viaConsole = LoginPages.password(third, third.open(accountConsole.authRequest().url()), user);
        assertThat(viaConsole.document().getElementById(LoginPages.CHOOSE_FORM)).as(viaConsole.document().text()).isNotNull();
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactly("password");
    }
}

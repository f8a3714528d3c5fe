package io.github.twofold.it.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Enforcement: users the policy requires to have a second factor cannot skip it (issue: enrollment and enforcement). */
@TwofoldTest
class RequireSecondFactorIT {

    private static final String REMINDER_FORM = "kc-twofold-reminder-form";
    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);

    private static TestUser member(TestEnvironment env, String realm, String prefix) {
        return env.newUser(realm, prefix, Map.of("groups", List.of("/2fa-required")));
    }

    private static HttpLogin.Page login(TestEnvironment env, HttpLogin login, String realm, TestUser user) {
        return LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
    }

    /**
     * With the set-up action switched off in the realm, a user who must set up a second factor does
     * not get in with the password alone: the login fails with an error page (not a server error)
     * and an event; switched on again, the same user is asked to set one up.
     */
    @Test
    void aDisabledSetUpActionFailsTheLoginInsteadOfLettingTheUserIn(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("setup-off", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0"), SETTINGS);
        TestUser user = env.newUser(realm, "setup-off", Map.of());
        String action = "/admin/realms/" + realm + "/authentication/required-actions/twofold-set-up-2fa";
        com.fasterxml.jackson.databind.node.ObjectNode representation = (com.fasterxml.jackson.databind.node.ObjectNode) env.admin().get(action).expect(200).json();
        env.admin().put(action, representation.put("enabled", false)).expect(204);

        HttpLogin http = env.httpLogin();
        HttpLogin.Page page = login(env, http, realm, user);
        assertThat(page.status()).as(page.document().text()).isEqualTo(403);
        assertThat(page.document().text()).contains("requires two-step sign-in for this account, but setting it up is switched off")
                .doesNotContain("Invalid username or password");
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isFalse();
        assertThat(env.admin().userEvents(realm, user.id())).as(page.document().text()).anySatisfy(e ->
                assertThat(e.path("error").asText()).isEqualTo("twofold_setup_action_disabled"));
        assertThat(env.admin().userEvents(realm, user.id())).as("nobody guessed: no failed login counted")
                .noneSatisfy(e -> assertThat(e.path("error").asText()).isEqualTo("invalid_user_credentials"));
        assertThat(env.admin().attackDetection(realm, user.id()).path("numFailures").asInt()).isZero();
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactly("password");

        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, user);
        browser.waitForText("setting it up is switched off");
        browser.screenshot("set-up-switched-off");
        assertThat(browser.url()).doesNotStartWith(env.oidc(realm).redirectUri());

        env.admin().put(action, representation.put("enabled", true)).expect(204);
        HttpLogin again = env.httpLogin();
        HttpLogin.Page setUp = login(env, again, realm, user);
        assertThat(setUp.document().getElementById(LoginPages.CHOOSE_FORM)).as(setUp.document().text()).isNotNull();
    }

    /**
     * The grace count lives in a user attribute; with the realm's user profile at Keycloak's default
     * (unmanaged attributes off) the user's own token cannot set it back through the Account REST API.
     */
    @Test
    void theGraceCountIsNotTheUsersToReset(TestEnvironment env) {
        String realm = env.realmWithPolicy("grace-reset", Map.of("secondFactorGraceLogins", "2"), SETTINGS);
        TestUser user = member(env, realm, "grace-reset");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin first = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(first, first.open(request.url()), user);
        assertThat(page.document().text()).contains("Sign-ins left before it is required: 2");
        page = first.submit(page, REMINDER_FORM, Map.of("later", "true"));
        String token = request.exchange(page.url()).accessToken();

        AccountApi.Response answer = env.accountApi(realm).updateProfile(token, Map.of("username", user.username(), "email", user.email(),
                "firstName", "Test", "lastName", "User", "attributes", Map.of("twofold.grace.used", List.of("0"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);

        page = login(env, env.httpLogin(), realm, user);
        assertThat(page.document().text()).as("the count the server keeps").contains("Sign-ins left before it is required: 1");

        // what the admin guide warns about: with unmanaged attributes enabled for users, the same call resets it
        com.fasterxml.jackson.databind.node.ObjectNode profile = (com.fasterxml.jackson.databind.node.ObjectNode)
                env.admin().get("/admin/realms/" + realm + "/users/profile").json();
        env.admin().put("/admin/realms/" + realm + "/users/profile", profile.put("unmanagedAttributePolicy", "ENABLED")).expect(200);
        assertThat(env.accountApi(realm).updateProfile(token, Map.of("username", user.username(), "email", user.email(),
                "firstName", "Test", "lastName", "User", "attributes", Map.of("twofold.grace.used", List.of("0")))).status()).isEqualTo(204);
        page = login(env, env.httpLogin(), realm, user);
        assertThat(page.document().text()).contains("Sign-ins left before it is required: 2");
    }

    @Test
    void aMemberMayPostponeForTheGraceSignInsThenMustSetUpAPhone(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("grace", Map.of("secondFactorGraceLogins", "2"), SETTINGS);
        TestUser user = member(env, realm, "grace");

        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, user);
        browser.waitForText("Set up two-step sign-in");
        assertThat(browser.text()).contains("Sign-ins left before it is required: 2");
        browser.screenshot("enforce-reminder");
        browser.click(By.id("twofold-later"));
        browser.waitForUrl(env.oidc(realm).redirectUri());

        HttpLogin second = env.httpLogin();
        HttpLogin.Page page = login(env, second, realm, user);
        assertThat(page.document().text()).contains("Sign-ins left before it is required: 1");
        page = second.submit(page, REMINDER_FORM, Map.of("later", "true"));
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();

        // grace used up: no reminder, no "later"; set-up, and the login completes only with a factor
        HttpLogin third = env.httpLogin();
        page = login(env, third, realm, user);
        assertThat(page.document().getElementById(REMINDER_FORM)).isNull();
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(page.document().text()).isNotNull();
        HttpLogin.Page again = login(env, env.httpLogin(), realm, user);
        assertThat(again.document().getElementById(LoginPages.CHOOSE_FORM)).as("a new login does not get around it").isNotNull();
        page = LoginPages.chooseSetUpMethod(third, page, "sms");
        String phone = Phones.random();
        page = LoginPages.phone(third, page, phone);
        String code = env.sms().awaitCode(phone, 1);
        page = LoginPages.verifyPhone(third, page, code);
        assertThat(LoginPages.shownBackupCodes(page)).as("backup codes follow the first method").hasSize(10);
        page = LoginPages.confirmBackupCodes(third, page);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();

        // from now on the second step is asked like for everyone with a phone
        HttpLogin fourth = env.httpLogin();
        page = login(env, fourth, realm, user);
        assertThat(page.document().text()).contains("We sent a 6-digit code");
    }

    @Test
    void aForgedLaterAfterTheGracePeriodDoesNotSkipTheSetUp(TestEnvironment env) {
        String realm = env.realmWithPolicy("no-grace", Map.of("secondFactorGraceLogins", "0"), SETTINGS);
        TestUser user = member(env, realm, "no-grace");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = login(env, login, realm, user);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(page.document().text()).isNotNull();
        HttpLogin.Page forged = login.postForm(page.form(LoginPages.CHOOSE_FORM).absUrl("action"), Map.of("later", "true"));
        assertThat(forged.isCallback(env.oidc(realm).redirectUri())).isFalse();
        assertThat(forged.document().getElementById(LoginPages.CHOOSE_FORM)).as(forged.document().text()).isNotNull();
        HttpLogin.Page unknown = LoginPages.chooseSetUpMethod(login, forged, "voice");
        assertThat(unknown.document().getElementById(LoginPages.CHOOSE_FORM)).as("a method the policy does not offer").isNotNull();
        assertThat(unknown.errorText()).contains("Choose one of the methods below.");
    }

    @Test
    void usersOutsideThePolicySignInWithThePasswordAloneAndEveryoneMeansEveryone(TestEnvironment env) {
        String groupsRealm = env.realmWithPolicy("outside", Map.of(), SETTINGS);
        TestUser outsider = env.newUser(groupsRealm, "outside", Map.of());
        HttpLogin login = env.httpLogin();
        assertThat(login(env, login, groupsRealm, outsider).isCallback(env.oidc(groupsRealm).redirectUri())).isTrue();

        String everyone = env.realmWithPolicy("everyone", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0"), SETTINGS);
        TestUser anyone = env.newUser(everyone, "everyone", Map.of());
        HttpLogin.Page page = login(env, env.httpLogin(), everyone, anyone);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(page.document().text()).isNotNull();
        assertThat(env.admin().userEvents(everyone, anyone.id()).toString()).contains("second_factor_setup_required");
    }

    @Test
    void holdersOfAListedRoleAndEveryoneSigningInToAListedApplicationNeedASecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("roles", Map.of("secondFactorRequiredFor", "listed", "secondFactorRequiredGroups", "",
                "secondFactorRequiredRoles", "realm-management/manage-users", "secondFactorGraceLogins", "0"), SETTINGS);
        TestUser admin = env.newUser(realm, "roles-admin", Map.of());
        env.admin().assignClientRoles(realm, admin.id(), "realm-management", "manage-users");
        TestUser plain = env.newUser(realm, "roles-plain", Map.of());
        HttpLogin.Page page = login(env, env.httpLogin(), realm, admin);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("a holder of the role: " + page.document().text()).isNotNull();
        assertThat(login(env, env.httpLogin(), realm, plain).isCallback(env.oidc(realm).redirectUri())).as("no role: password alone").isTrue();

        String appRealm = env.realmWithPolicy("app", Map.of("secondFactorRequiredFor", "nobody",
                "secondFactorRequiredClients", TestEnvironment.CLIENT, "secondFactorGraceLogins", "0"), SETTINGS);
        TestUser anyone = env.newUser(appRealm, "app", Map.of());
        page = login(env, env.httpLogin(), appRealm, anyone);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("the listed application, even with 'nobody': " + page.document().text()).isNotNull();
    }

    @Test
    @MovesClock
    void aGraceDateLetsMembersPostponeUntilThatDayAndNotAfter(TestEnvironment env, Browser browser) {
        String until = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();
        String realm = env.realmWithPolicy("grace-date", Map.of("secondFactorGraceLogins", "0", "secondFactorGraceUntil", until), SETTINGS);
        TestUser user = member(env, realm, "grace-date");
        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, user);
        browser.waitForText("You can postpone this until " + until + " (UTC).");
        browser.screenshot("enforce-reminder-until-date");
        for (int i = 0; i < 3; i++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = login(env, login, realm, user);
            assertThat(page.document().text()).contains("You can postpone this until " + until + " (UTC).");
            page = login.submit(page, REMINDER_FORM, Map.of("later", "true"));
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as("postponed sign-in " + (i + 1)).isTrue();
        }

        // the day is compared with Keycloak's clock: 31 days on, it has passed
        try (TestClock clock = env.clock()) {
            clock.advance(java.time.Duration.ofDays(31));
            HttpLogin.Page page = login(env, env.httpLogin(), realm, user);
            assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("the day has passed: " + page.document().text()).isNotNull();
        }
    }
}

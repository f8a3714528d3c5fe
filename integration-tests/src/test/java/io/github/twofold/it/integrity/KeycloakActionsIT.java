package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Every way to add or remove a second factor from a browser, Keycloak's own set-up actions
 * included, started by an application with {@code kc_action}: a session that has only the
 * password is sent to "Confirm it is you" and nothing is stored; a session that verified a second
 * factor within 5 minutes gets the action's own page.
 */
@TwofoldTest
class KeycloakActionsIT {

    /** A realm of this class's own (a copy of the demo realm): its per-address SMS budget is not shared with other tests. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("doors", Map.of());
        // Keycloak's own e-mail change action, which the demo realm does not register: an admin may
        if (env.admin().get("/admin/realms/" + realm + "/authentication/required-actions/UPDATE_EMAIL").status() == 404) {
            env.admin().post("/admin/realms/" + realm + "/authentication/register-required-action",
                    Map.of("providerId", "UPDATE_EMAIL", "name", "Update Email")).expect(204);
        }
    }
    private static final String CONFIRM = "kc-twofold-confirm-form";

    /** Each action and the form it shows when it may go on. */
    private static Map<String, String> doors(TestEnvironment env, TestUser user) {
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("CONFIGURE_TOTP", LoginPages.TOTP_FORM);
        doors.put("webauthn-register", "register");
        doors.put("webauthn-register-passwordless", "register");
        doors.put("CONFIGURE_RECOVERY_AUTHN_CODES", "kc-recovery-codes-settings-form");
        doors.put("twofold-set-up-2fa", LoginPages.CHOOSE_FORM);
        doors.put("twofold-set-up-phone", LoginPages.PHONE_FORM);
        doors.put("twofold-backup-codes", LoginPages.BACKUP_CODES_FORM);
        doors.put("UPDATE_PASSWORD", "kc-passwd-update-form");
        doors.put("UPDATE_EMAIL", "kc-update-email-form");
        doors.put("delete_credential:" + SignIns.credentialId(env, realm, user, "twofold-sms"), "kc-accept");
        return doors;
    }

    @Test
    void aPasswordOnlySessionIsSentToConfirmItIsThemAndNothingIsStored(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "door-pwd");
        SignIns signIn = SignIns.passwordOnly(env, realm, user);
        List<String> before = env.admin().credentialTypes(realm, user.id());
        SoftAssertions soft = new SoftAssertions();
        doors(env, user).forEach((action, form) -> {
            HttpLogin.Page page = signIn.action(env, realm, action, Map.of("acr_values", "1"));
            soft.assertThat(page.document().getElementById(CONFIRM)).as(action + ": " + page.document().text()).isNotNull();
            soft.assertThat(page.document().getElementById(form)).as(action + " shows its own page").isNull();
        });
        soft.assertAll();
        assertThat(env.admin().credentialTypes(realm, user.id())).isEqualTo(before);
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("factor_change_refused").contains("CONFIGURE_TOTP");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS for a refused change").isEmpty();
    }

    @Test
    void aSessionThatJustVerifiedAFactorGetsEachActionsOwnPage(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "door-fresh");
        SignIns signIn = SignIns.withSms(env, realm, user, 1);
        SoftAssertions soft = new SoftAssertions();
        doors(env, user).forEach((action, form) -> {
            HttpLogin.Page page = signIn.action(env, realm, action, Map.of());
            soft.assertThat(page.document().getElementById(form)).as(action + ": " + page.document().text()).isNotNull();
        });
        soft.assertAll();
    }

    @Test
    void aForgedPostOfAnAuthenticatorAppStoresNothing(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "door-forged");
        SignIns signIn = SignIns.passwordOnly(env, realm, user);
        HttpLogin.Page confirm = signIn.action(env, realm, "CONFIGURE_TOTP", Map.of("acr_values", "1"));
        String secret = "attackerattacker1234";
        HttpLogin.Page after = signIn.browser().postForm(confirm.form(CONFIRM).absUrl("action"),
                Map.of("totpSecret", secret, "totp", Totp.code(secret), "userLabel", "attacker", "mode", "manual"));
        assertThat(after.isCallback(env.oidc(realm).redirectUri())).isFalse();
        assertThat(after.document().getElementById(CONFIRM)).as(after.document().text()).isNotNull();
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("otp");
    }

    @Test
    void confirmingWithTheSecondFactorLetsTheChangeGoOn(TestEnvironment env, Browser browser) {
        TestUser user = env.newUserWithPhone(realm, "door-confirm");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest level1 = oidc.authRequest(Map.of("acr_values", "1"));
        browser.open(level1.url());
        LoginPages.password(browser, user);
        browser.waitForUrl(oidc.redirectUri());

        OidcClient.AuthRequest addApp = oidc.authRequest(Map.of("acr_values", "1", "kc_action", "CONFIGURE_TOTP"));
        browser.open(addApp.url());
        browser.waitForText("Confirm it is you");
        browser.screenshot("confirm-it-is-you");
        browser.click(By.id("twofold-sign-in-again"));
        browser.waitForText("Please re-authenticate");
        browser.type(LoginPages.PASSWORD, user.password()).click(LoginPages.LOGIN);
        LoginPages.code(browser, SignIns.smsCode(env, user, 1));
        browser.await().until(d -> !d.findElements(By.id("kc-totp-secret-qr-code")).isEmpty());
        String secret = browser.find(By.id("totpSecret")).getAttribute("value");
        SecretScanner.get().register("TOTP secret", secret);
        browser.type(By.id("totp"), Totp.code(secret)).click(By.id("saveTOTPBtn"));
        browser.waitForUrl(oidc.redirectUri());
        OidcClient.Tokens tokens = addApp.exchange(browser.url());
        assertThat(tokens.amr()).contains("sms", "mfa");
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-sms");
    }

    @Test
    @MovesClock
    void aSecondFactorOlderThanTheWindowMustBeVerifiedAgain(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "door-stale");
        SignIns signIn = SignIns.withSms(env, realm, user, 1);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofMinutes(6));
            HttpLogin.Page page = signIn.action(env, realm, "CONFIGURE_TOTP", Map.of("acr_values", "1"));
            // Keycloak's own rule first: an application-initiated action after 5 minutes re-asks the password
            assertThat(page.document().getElementById(LoginPages.PASSWORD_FORM)).as(page.document().text()).isNotNull();
            page = signIn.browser().submit(page, LoginPages.PASSWORD_FORM, Map.of("password", user.password()));
            assertThat(page.document().getElementById(LoginPages.TOTP_FORM)).as("not without a new second factor").isNull();
            assertThat(page.document().getElementById(CONFIRM)).as(page.document().text()).isNotNull();
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("otp");
    }
}

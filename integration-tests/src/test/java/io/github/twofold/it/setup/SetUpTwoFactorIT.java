package io.github.twofold.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** "Set up two-step sign-in": choose the app or text messages, then backup codes (issue: enrollment and enforcement). */
@TwofoldTest
class SetUpTwoFactorIT {

    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);

    @Test
    void choosingTheAppHandsOverToKeycloaksTotpSetUpThenBackupCodes(TestEnvironment env, Browser browser) {
        // trusted browsers on: setting up the first factor ends without an offer to trust the browser
        String realm = env.realmWithPolicy("setup-app", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0",
                "trustedBrowserDays", "30"), SETTINGS);
        TestUser user = env.newUser(realm, "setup-app", Map.of());
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user);
        browser.waitForText("Choose how you want to confirm your sign-ins.");
        assertThat(browser.text()).contains("Authenticator app").contains("Text message (SMS)");
        browser.screenshot("set-up-2fa");

        browser.click(By.id("twofold-method-app"));
        browser.await().until(d -> !d.findElements(By.id("kc-totp-secret-qr-code")).isEmpty());
        browser.screenshot("set-up-2fa-app");
        String secret = browser.find(By.id("totpSecret")).getAttribute("value");
        SecretScanner.get().register("TOTP secret", secret);
        browser.type(By.id("totp"), Totp.code(secret)).click(By.id("saveTOTPBtn"));

        browser.waitForText("Save your backup codes");
        browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).forEach(e -> SecretScanner.get().register("backup code", e.getText().trim()));
        browser.click(By.id("saved")).click(By.id("twofold-confirm"));
        browser.waitForUrl(env.oidc(realm).redirectUri());
        request.exchange(browser.url());
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-backup-codes")
                .doesNotContain("twofold-sms", "twofold-trusted-browser");

        // the next login asks for the app
        HttpLogin login = env.httpLogin();
        HttpLogin.Page next = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(next.document().getElementById("kc-otp-login-form")).as(next.document().text()).isNotNull();
    }

    @Test
    void withOneMethodAllowedThereIsNoChoiceToMake(TestEnvironment env) {
        String realm = env.realmWithPolicy("setup-sms-only", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0", "setUpMethods", "sms"), SETTINGS);
        TestUser user = env.newUser(realm, "setup-sms-only", Map.of());
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).isNull();
        assertThat(page.document().getElementById(LoginPages.PHONE_FORM)).as(page.document().text()).isNotNull();

        String appOnly = env.realmWithPolicy("setup-app-only", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0", "setUpMethods", "app"), SETTINGS);
        TestUser other = env.newUser(appOnly, "setup-app-only", Map.of());
        HttpLogin second = env.httpLogin();
        HttpLogin.Page totp = LoginPages.password(second, second.open(env.oidc(appOnly).authRequest().url()), other);
        assertThat(totp.document().getElementById(LoginPages.TOTP_FORM)).as(totp.document().text()).isNotNull();
    }

    @Test
    void addingAMethodLaterNeedsAFreshSecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("setup-add", Map.of(), SETTINGS);
        env.admin().usePasswordOnlyBrowserFlow(realm);
        TestUser user = env.newUserWithPhone(realm, "setup-add");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest(Map.of("kc_action", "twofold-set-up-2fa")).url()), user);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("a password-only session cannot add a method").isNull();
        assertThat(page.document().getElementById("kc-twofold-confirm-form")).as(page.document().text()).isNotNull();
        HttpLogin.Page forged = LoginPages.chooseSetUpMethod(login, new HttpLogin.Page(page.url(), page.status(),
                "<form id=\"" + LoginPages.CHOOSE_FORM + "\" action=\"" + page.form("kc-twofold-confirm-form").absUrl("action") + "\" method=\"post\"></form>"), "app");
        assertThat(forged.document().getElementById(LoginPages.TOTP_FORM)).as("a forged choice gets no TOTP set-up").isNull();
    }
}

package io.github.twofold.it.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * A passkey or security key as the second factor: offered first at set-up (Keycloak's own
 * registration), then the second step of every sign-in, with no SMS sent and a token that says
 * {@code hwk} and {@code mfa}. Chromium's virtual authenticator stands in for the device.
 */
@TwofoldTest
class PasskeyIT {

    @Test
    void aPasskeyChosenAtSetUpIsTheSecondFactorAndNoSmsIsSent(TestEnvironment env, Browser browser) {
        // passkeys not offered on the sign-in page: the passkey is the second step after the password
        String realm = env.realmWithPolicy("passkey", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0", "trustedBrowserDays", "30"),
                Map.of("quickLoginCheckMilliSeconds", 1, "webAuthnPolicyPasswordlessPasskeysEnabled", false));
        TestUser user = env.newUser(realm, "passkey", Map.of());
        VirtualAuthenticator device = browser.addPasskeyDevice();
        try {
            OidcClient oidc = env.oidc(realm);
            OidcClient.AuthRequest first = signIn(browser, oidc, user);
            browser.waitForText("Passkey or security key");
            List<WebElement> methods = browser.findAll(By.cssSelector(".twofold-method"));
            assertThat(methods).extracting(e -> e.getAttribute("id"))
                    .as("phishing-resistant first").containsExactly("twofold-method-passkey", "twofold-method-app", "twofold-method-sms");
            browser.screenshot("set-up-2fa-passkey-first");

            LoginPages.setUpPasskeyAndSaveBackupCodes(browser);
            browser.waitForUrl(oidc.redirectUri());
            assertThat(first.exchange(browser.url()).amr()).as("enrolling is not a second factor").doesNotContain("mfa");
            assertThat(env.admin().credentialTypes(realm, user.id())).as("a passkey that can also sign in without the password")
                    .contains("webauthn-passwordless", "twofold-backup-codes");
            assertThat(device.getCredentials()).hasSize(1);

            // the next sign-in: password, then the passkey; no SMS
            browser.clearCookies();
            OidcClient.AuthRequest second = signIn(browser, oidc, user);
            browser.await().until(d -> d.findElements(LoginPages.PASSWORD).isEmpty() && !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty());
            browser.screenshot("sign-in-passkey");
            browser.click(By.id("authenticateWebAuthnButton"));
            // the realm offers trusted browsers: after Keycloak's passkey step, one page asks
            browser.waitForText("Trust this browser?");
            browser.screenshot("trust-offer-after-passkey");
            browser.click(By.id("twofold-not-now"));
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens tokens = second.exchange(browser.url());
            assertThat(tokens.amr()).contains("pwd", "hwk", "mfa").doesNotContain("sms");
            assertThat(tokens.acr()).isEqualTo("2");
        } finally {
            browser.removePasskeyDevice(device);
        }
    }

    @Test
    void aPasskeySignsInWithoutThePasswordSendsNoSmsAndSaysTwoFactors(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("passwordless", Map.of("trustedBrowserDays", "30", "passkeyNudgeDays", "30"),
                Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "passwordless");
        VirtualAuthenticator device = browser.addPasskeyDevice();
        try {
            // an SMS user takes the suggestion after a text-message sign-in and adds a passkey
            OidcClient oidc = env.oidc(realm);
            OidcClient.AuthRequest first = oidc.authRequest();
            browser.open(first.url());
            browser.await().until(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty());
            browser.screenshot("sign-in-page-with-passkey");
            LoginPages.password(browser, user);
            LoginPages.code(browser, env.sms().awaitCode(user.phone(), 1));
            browser.waitForText("Sign in faster with a passkey?");
            browser.screenshot("passkey-nudge");
            browser.click(By.name("addPasskey"));
            browser.click(By.id("registerWebAuthn"));
            browser.await().until(ExpectedConditions.alertIsPresent()).accept(); // Keycloak asks for a label
            browser.waitForUrl(oidc.redirectUri());
            first.exchange(browser.url());
            assertThat(env.admin().credentialTypes(realm, user.id())).contains("webauthn-passwordless", "twofold-sms");

            // the next sign-in: the passkey on the sign-in page, no password, no second step
            browser.clearCookies();
            OidcClient.AuthRequest second = oidc.authRequest();
            browser.open(second.url());
            // Chromium's virtual authenticator answers the page's passkey autofill at once; a person picks it there or clicks the button
            browser.await().until(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty() || d.getCurrentUrl().startsWith(oidc.redirectUri()));
            if (!browser.url().startsWith(oidc.redirectUri())) {
                browser.click(By.id("authenticateWebAuthnButton"));
            }
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens tokens = second.exchange(browser.url());
            assertThat(tokens.amr()).as("no password was typed").contains("hwk", "mfa").doesNotContain("pwd", "sms", "trusted-browser");
            assertThat(tokens.acr()).isEqualTo("2");
            assertThat(env.sms().messagesTo(user.phone())).as("no SMS for a passkey sign-in").hasSize(1);
            assertThat(twofoldEvents(env, user)).contains("passkey_sign_in");

            // SSO: an application that asks for the second-factor level gets it without a new step
            OidcClient.AuthRequest stepUp = oidc.authRequest(Map.of("acr_values", "2"));
            browser.open(stepUp.url());
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens sso = stepUp.exchange(browser.url());
            assertThat(sso.acr()).isEqualTo("2");
            assertThat(sso.amr()).contains("hwk", "mfa").doesNotContain("pwd");

            // where the realm lets a passkey sign in without PIN or biometric, the second step follows
            com.fasterxml.jackson.databind.node.ObjectNode settings = (com.fasterxml.jackson.databind.node.ObjectNode) env.admin().get("/admin/realms/" + realm).expect(200).json();
            settings.put("webAuthnPolicyPasswordlessUserVerificationRequirement", "preferred");
            env.admin().put("/admin/realms/" + realm, settings).expect(204);
            browser.clearCookies();
            OidcClient.AuthRequest third = oidc.authRequest();
            browser.open(third.url());
            browser.await().until(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty() || !d.findElements(LoginPages.CODE).isEmpty());
            if (browser.findAll(LoginPages.CODE).isEmpty()) {
                browser.click(By.id("authenticateWebAuthnButton"));
            }
            LoginPages.code(browser, env.sms().awaitCode(user.phone(), 2));
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens withSms = third.exchange(browser.url());
            assertThat(withSms.amr()).contains("hwk", "sms", "mfa").doesNotContain("pwd");
            assertThat(withSms.acr()).isEqualTo("2");
        } finally {
            browser.removePasskeyDevice(device);
        }
    }

    @Test
    void aMemberOfAPhishingResistantGroupAddsAPasskeyAndThenTypedCodesNoLongerSignIn(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("passkey-only", Map.of("secondFactorRequiredFor", "nobody", "phishingResistantGroups", "/admins",
                "secondFactorGraceLogins", "0"), Map.of("quickLoginCheckMilliSeconds", 1, "webAuthnPolicyPasswordlessPasskeysEnabled", false));
        String group = env.admin().createGroup(realm, "admins");
        TestUser member = env.newUserWithPhoneAndTotp(realm, "member");
        env.admin().joinGroup(realm, member.id(), group);
        VirtualAuthenticator device = browser.addPasskeyDevice();
        try {
            // the member signs in with the phone they have and must add a passkey before going on
            OidcClient oidc = env.oidc(realm);
            OidcClient.AuthRequest first = signIn(browser, oidc, member);
            LoginPages.code(browser, env.sms().awaitCode(member.phone(), 1));
            browser.await().until(d -> !d.findElements(By.id("registerWebAuthn")).isEmpty());
            browser.screenshot("passkey-required-for-group");
            browser.click(By.id("registerWebAuthn"));
            browser.await().until(ExpectedConditions.alertIsPresent()).accept();
            browser.waitForUrl(oidc.redirectUri());
            first.exchange(browser.url());
            assertThat(env.admin().credentialTypes(realm, member.id())).contains("webauthn-passwordless");

            // an API client's password grant cannot use the member's codes either (a backup code still could)
            OidcClient api = io.github.twofold.it.integrity.PasswordGrant.apiClient(env, realm);
            assertThat(io.github.twofold.it.integrity.PasswordGrant.refused(api, member, Map.of("otp", io.github.twofold.it.harness.Totp.code(member.totpSecret())))
                    .path("error_description").asText()).contains("passkey");

            // with a passkey, no SMS is sent any more, and an authenticator-app code does not sign in
            browser.clearCookies();
            OidcClient.AuthRequest second = signIn(browser, oidc, member);
            browser.type(By.id("otp"), io.github.twofold.it.harness.Totp.code(member.totpSecret())).click(LoginPages.LOGIN);
            browser.waitForText("sign in again and use it instead of a code");
            browser.screenshot("typed-code-refused-for-group");
            assertThat(browser.url()).doesNotStartWith(oidc.redirectUri());
            assertThat(env.sms().messagesTo(member.phone())).as("no SMS once the member has a passkey").hasSize(1);
            assertThat(twofoldEvents(env, member)).contains("factor_kind_refused");
        } finally {
            browser.removePasskeyDevice(device);
        }
    }

    /** Opens a new sign-in of {@code oidc}'s application and submits the user's password. */
    private static OidcClient.AuthRequest signIn(Browser browser, OidcClient oidc, TestUser user) {
        OidcClient.AuthRequest request = oidc.authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user);
        return request;
    }

    private static List<String> twofoldEvents(TestEnvironment env, TestUser user) {
        return java.util.stream.StreamSupport.stream(env.admin().userEvents(user.realm(), user.id()).spliterator(), false)
                .map(e -> e.path("details").path("twofold_event").asText())
                .toList();
    }

    private static final String NUDGE_FORM = "kc-twofold-passkey-nudge-form";

    @Test
    void afterAnSmsSignInAUserWithoutAPasskeyIsAskedOnceThenNotForTheDays(TestEnvironment env) {
        String realm = env.realmWithPolicy("nudge", Map.of("passkeyNudgeDays", "30"), Map.of("quickLoginCheckMilliSeconds", 1));
        OidcClient oidc = env.oidc(realm);
        TestUser user = env.newUserWithPhone(realm, "nudge");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest().url()), user);
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        assertThat(page.document().getElementById(NUDGE_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().text()).contains("Sign in faster with a passkey?").contains("Not now");
        page = login.submit(page, NUDGE_FORM, Map.of("later", "true"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();

        HttpLogin next = env.httpLogin();
        page = LoginPages.password(next, next.open(oidc.authRequest().url()), user);
        page = LoginPages.code(next, page, env.sms().awaitCode(user.phone(), 2));
        assertThat(page.isCallback(oidc.redirectUri())).as("not asked again within the days: " + page.document().text()).isTrue();
        assertThat(nudges(env, user)).containsExactly("passkey_nudge_dismissed", "passkey_nudge_shown");

        // "Add a passkey": Keycloak's registration follows in the same sign-in
        TestUser other = env.newUserWithPhone(realm, "nudge-yes");
        HttpLogin accepting = env.httpLogin();
        page = LoginPages.password(accepting, accepting.open(oidc.authRequest().url()), other);
        page = LoginPages.code(accepting, page, env.sms().awaitCode(other.phone(), 1));
        page = accepting.submit(page, NUDGE_FORM, Map.of("addPasskey", "true"));
        assertThat(page.document().getElementById("registerWebAuthn")).as(page.document().text()).isNotNull();
        assertThat(nudges(env, other)).containsExactly("passkey_nudge_accepted", "passkey_nudge_shown");
    }

    /** The user's nudge events, newest first. */
    private static List<String> nudges(TestEnvironment env, TestUser user) {
        return java.util.stream.StreamSupport.stream(env.admin().userEvents(user.realm(), user.id()).spliterator(), false)
                .map(e -> e.path("details").path("twofold_event").asText())
                .filter(e -> e.startsWith("passkey_nudge"))
                .toList();
    }
}

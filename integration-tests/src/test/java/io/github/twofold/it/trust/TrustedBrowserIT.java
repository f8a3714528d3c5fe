package io.github.twofold.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import io.github.twofold.it.harness.TwofoldTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * "Don't ask again on this browser for N days": a trusted browser signs in with the password alone
 * and the token says so ({@code amr} trusted-browser, never mfa); the cookie is worthless anywhere
 * else, for anyone else, altered, after any credential change, sign-out everywhere, removal or
 * expiry; applications that demand a second factor get one.
 */
@TwofoldTest
class TrustedBrowserIT {

    static final String COOKIE = "TWOFOLD_TRUSTED_BROWSER";
    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);

    private static String realm(TestEnvironment env, String prefix, Map<String, String> policy) {
        Map<String, String> all = new HashMap<>(Map.of("trustedBrowserDays", "30"));
        all.putAll(policy);
        return env.realmWithPolicy(prefix, all, SETTINGS);
    }

    @Test
    void aBrowserTrustedBeforeTheUserJoinedAPhishingResistantGroupIsNotHonoured(TestEnvironment env) {
        Trusting trusting = trustingUser(env, "trust-group", Map.of("phishingResistantGroups", "/admins", "secondFactorGraceLogins", "5"));
        String realm = trusting.realm();
        TestUser user = trusting.user();
        HttpLogin login = trusting.browser();
        assertThat(login.cookie(COOKIE)).isPresent();

        env.admin().joinGroup(realm, user.id(), env.admin().createGroup(realm, "admins"));
        int sent = env.sms().messagesTo(user.phone()).size();
        HttpLogin.Page page = passwordAgain(env, login, user, Map.of());
        assertThat(page.form(LoginPages.SMS_FORM)).as("a real second factor, not the trusted browser: " + page.document().text()).isNotNull();
        assertThat(env.sms().messagesTo(user.phone())).hasSize(sent + 1);
        assertThat(reasons(env, user, "trusted_browser_not_honoured")).containsExactly("phishing_resistant_only");
    }

    /** A user with a phone in a new realm under {@code policy}, who trusted {@code browser} at a first sign-in. */
    private record Trusting(String realm, TestUser user, HttpLogin browser) {
    }

    private static Trusting trustingUser(TestEnvironment env, String prefix, Map<String, String> policy) {
        String realm = realm(env, prefix, policy);
        TestUser user = env.newUserWithPhone(realm, prefix);
        HttpLogin browser = env.httpLogin();
        signInWithSms(env, browser, user, true);
        return new Trusting(realm, user, browser);
    }

    /** Password and SMS code with "Don't ask again" ticked ({@code trust}); returns the tokens. */
    private static OidcClient.Tokens signInWithSms(TestEnvironment env, HttpLogin login, TestUser user, boolean trust) {
        OidcClient oidc = env.oidc(user.realm());
        OidcClient.AuthRequest request = oidc.authRequest();
        int sent = env.sms().messagesTo(user.phone()).size();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById("trustBrowser")).as("the offer: " + page.document().text()).isNotNull();
        String code = env.sms().awaitCode(user.phone(), sent + 1);
        Map<String, String> fields = new HashMap<>(Map.of("code", code));
        if (trust) {
            fields.put("trustBrowser", "on");
        }
        page = login.submit(page, LoginPages.SMS_FORM, fields);
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        login.cookie(COOKIE).ifPresent(value -> SecretScanner.get().register("trusted-browser cookie", value.substring(value.indexOf('.') + 1)));
        return request.exchange(page.url());
    }

    /** A new sign-in (no SSO session) in the same browser; the page after the password. */
    private static HttpLogin.Page passwordAgain(TestEnvironment env, HttpLogin login, TestUser user, Map<String, String> params) {
        login.forgetCookiesExcept(COOKIE);
        return LoginPages.password(login, login.open(env.oidc(user.realm()).authRequest(params).url()), user);
    }

    private static List<JsonNode> events(TestEnvironment env, TestUser user, String twofoldEvent) {
        return StreamSupport.stream(env.admin().userEvents(user.realm(), user.id()).spliterator(), false)
                .filter(e -> twofoldEvent.equals(e.path("details").path("twofold_event").asText()))
                .toList();
    }

    private static List<String> reasons(TestEnvironment env, TestUser user, String twofoldEvent) {
        return events(env, user, twofoldEvent).stream().map(e -> e.path("details").path("twofold_reason").asText()).toList();
    }

    private static long trustedBrowsers(TestEnvironment env, TestUser user) {
        return env.admin().credentialTypes(user.realm(), user.id()).stream().filter("twofold-trusted-browser"::equals).count();
    }

    @Test
    void aTrustedBrowserSignsInWithThePasswordAloneAndTheAccountConsoleListsIt(TestEnvironment env, Browser browser) {
        String realm = realm(env, "trust-console", Map.of());
        TestUser user = env.newUserWithPhone(realm, "trust-console");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest first = oidc.authRequest();
        browser.open(first.url());
        LoginPages.password(browser, user);
        browser.waitForText("Don’t ask again on this browser for 30 days");
        browser.screenshot("trusted-browser-offer");
        browser.click(By.id("trustBrowser"));
        LoginPages.code(browser, env.sms().awaitCode(user.phone(), 1));
        browser.waitForUrl(oidc.redirectUri());
        assertThat(first.exchange(browser.url()).amr()).contains("sms", "mfa");
        assertThat(events(env, user, "trusted_browser_added")).hasSize(1);

        // the sign-in session ends; the browser keeps only its trust
        ChromeDriver driver = (ChromeDriver) browser.driver();
        String cookie = keepOnly(driver, COOKIE);
        assertThat(cookie).as("the trust cookie").isNotEmpty();
        SecretScanner.get().register("trusted-browser cookie", cookie.substring(cookie.indexOf('.') + 1));
        OidcClient.AuthRequest second = oidc.authRequest();
        browser.open(second.url());
        LoginPages.password(browser, user);
        browser.waitForUrl(oidc.redirectUri());
        OidcClient.Tokens tokens = second.exchange(browser.url());
        assertThat(tokens.amr()).contains("pwd", "trusted-browser").doesNotContain("sms", "mfa");
        assertThat(tokens.acr()).as("the policy's default: trust reaches the second-factor level").isEqualTo("2");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS on a trusted browser").hasSize(1);
        assertThat(events(env, user, "trusted_browser_used")).hasSize(1);

        browser.open(env.baseUrl() + "/realms/" + realm + "/account/account-security/signing-in");
        browser.waitForText("Trusted browsers");
        browser.waitForText("Chrome (Linux)");
        assertThat(browser.text()).contains("Browsers where you chose not to be asked for a second step").doesNotContain("display-name");
        assertThat(browser.pageSource()).doesNotContain(cookie.substring(cookie.indexOf('.') + 1));
        WebElement heading = browser.find(By.xpath("//*[normalize-space()='Trusted browsers']"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", heading);
        browser.screenshot("account-trusted-browsers");

        // the console's "Delete" (Keycloak's delete_credential): no second factor needed, and the trust ends
        browser.click(By.xpath("//*[contains(text(),'Chrome (Linux)')]/ancestor::*[.//button[normalize-space()='Delete']][1]//button[normalize-space()='Delete']"));
        browser.click(By.id("kc-accept"));
        browser.waitForText("Signing in");
        browser.await().until(d -> trustedBrowsers(env, user) == 0);
        keepOnly(driver, COOKIE);
        browser.open(oidc.authRequest().url());
        LoginPages.password(browser, user);
        browser.waitForText("Enter the code from your text message");
        assertThat(events(env, user, "trusted_browser_used")).as("not honoured after removal").hasSize(1);
    }

    /** Deletes every cookie but {@code name}; returns its value. */
    @SuppressWarnings("unchecked")
    private static String keepOnly(ChromeDriver driver, String name) {
        List<Map<String, Object>> cookies = (List<Map<String, Object>>) driver.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
        String kept = "";
        for (Map<String, Object> c : cookies) {
            if (name.equals(c.get("name"))) {
                kept = (String) c.get("value");
                continue;
            }
            driver.executeCdpCommand("Network.deleteCookies", Map.of("name", c.get("name"), "domain", c.get("domain"), "path", c.get("path")));
        }
        return kept;
    }

    @Test
    void afterKeycloaksAuthenticatorAppStepOnePageOffersTrust(TestEnvironment env) {
        String realm = realm(env, "trust-otp", Map.of());
        OidcClient oidc = env.oidc(realm);
        long step = System.currentTimeMillis() / 1000 / 30;

        // "Not now": no trust, and no second offer on this browser
        String declinerSecret = totpSecret();
        TestUser decliner = env.newUser(realm, "trust-otp-no", Map.of("credentials", List.of(Totp.credential(declinerSecret))));
        HttpLogin declining = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(declining, declining.open(oidc.authRequest().url()), decliner);
        page = declining.submit(page, "kc-otp-login-form", Map.of("otp", Totp.codeAt(declinerSecret, step), "login", "true"));
        assertThat(page.document().getElementById(OFFER_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().text()).contains("Trust this browser?").contains("for the next 30 days");
        page = declining.submit(page, OFFER_FORM, Map.of("notNow", "true"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        assertThat(trustedBrowsers(env, decliner)).isZero();
        declining.forgetCookiesExcept(COOKIE, "TWOFOLD_TRUST_DECLINED");
        page = LoginPages.password(declining, declining.open(oidc.authRequest().url()), decliner);
        page = declining.submit(page, "kc-otp-login-form", Map.of("otp", Totp.codeAt(declinerSecret, step + 1), "login", "true"));
        assertThat(page.isCallback(oidc.redirectUri())).as("no second offer after Not now: " + page.document().text()).isTrue();

        // "Trust this browser": the next sign-in there needs the password alone
        String secret = totpSecret();
        TestUser user = env.newUser(realm, "trust-otp-yes", Map.of("credentials", List.of(Totp.credential(secret))));
        HttpLogin trusting = env.httpLogin();
        OidcClient.AuthRequest request = oidc.authRequest();
        page = LoginPages.password(trusting, trusting.open(request.url()), user);
        page = trusting.submit(page, "kc-otp-login-form", Map.of("otp", Totp.codeAt(secret, step), "login", "true"));
        page = trusting.submit(page, OFFER_FORM, Map.of("trust", "true"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("otp", "mfa");
        assertThat(events(env, user, "trusted_browser_added")).extracting(e -> e.path("details").path("twofold_method").asText()).containsExactly("otp");
        page = passwordAgain(env, trusting, user, Map.of());
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
    }

    private static String totpSecret() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static final String OFFER_FORM = "kc-twofold-trust-offer-form";

    @Test
    void theCookieWorksOnlyInTheBrowserAndForTheUserItWasGivenTo(TestEnvironment env) {
        String realm = realm(env, "trust-cookie", Map.of());
        TestUser alice = env.newUserWithPhone(realm, "trust-alice");
        TestUser bob = env.newUserWithPhone(realm, "trust-bob");
        HttpLogin alicesBrowser = env.httpLogin();
        signInWithSms(env, alicesBrowser, alice, true);
        String cookie = alicesBrowser.cookie(COOKIE).orElseThrow();
        assertThat(cookie).doesNotContain(alice.id()).doesNotContain(alice.username());

        // copied into the browser of another user, who has a trusted browser of his own
        signInWithSms(env, env.httpLogin(), bob, true);
        HttpLogin bobsBrowser = env.httpLogin().cookie(COOKIE, cookie);
        HttpLogin.Page page = passwordAgain(env, bobsBrowser, bob, Map.of());
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(reasons(env, bob, "trusted_browser_refused")).containsExactly("unknown");
        assertThat(bobsBrowser.cookie(COOKIE)).as("a refused cookie is dropped").isEmpty();
        // and of a user without any: nothing to check it against, the second step as always
        TestUser carol = env.newUserWithPhone(realm, "trust-carol");
        page = passwordAgain(env, env.httpLogin().cookie(COOKIE, cookie), carol, Map.of());
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();

        // altered: the record's id with another secret
        HttpLogin forged = env.httpLogin().cookie(COOKIE, cookie.substring(0, cookie.indexOf('.') + 1) + "A".repeat(43));
        page = passwordAgain(env, forged, alice, Map.of());
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        HttpLogin junk = env.httpLogin().cookie(COOKIE, "not-a-cookie");
        page = passwordAgain(env, junk, alice, Map.of());
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(reasons(env, alice, "trusted_browser_refused")).containsExactlyInAnyOrder("tampered", "malformed");
        assertThat(env.admin().recordedFailures(realm, alice.id(), 2))
                .as("counted like wrong codes by Keycloak's brute-force detector").isEqualTo(2);

        // the browser it was given to still signs in without a code
        int sent = env.sms().messagesTo(alice.phone()).size();
        page = passwordAgain(env, alicesBrowser, alice, Map.of());
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        assertThat(env.sms().messagesTo(alice.phone())).hasSize(sent);
    }

    /**
     * A valid cookie is honoured without counting anything, but the counters still stand in its
     * way: forged cookies count towards the second step's lock like wrong codes, and while the lock
     * holds the user's own trusted browser does not open the account (the lock is shown, no SMS sent).
     */
    @Test
    void forgedCookiesCountTowardsTheLockAndALockHoldsAgainstTheTrustedBrowser(TestEnvironment env) {
        Trusting trusting = trustingUser(env, "trust-lock", Map.of("secondFactorFailuresBeforeDelay", "10", "secondFactorFailuresBeforeLock", "3"));
        TestUser alice = trusting.user();
        HttpLogin alicesBrowser = trusting.browser();
        String cookie = alicesBrowser.cookie(COOKIE).orElseThrow();
        HttpLogin.Page page = passwordAgain(env, alicesBrowser, alice, Map.of());
        assertThat(page.isCallback(env.oidc(trusting.realm()).redirectUri())).as("trusted: " + page.document().text()).isTrue();

        String forged = cookie.substring(0, cookie.indexOf('.') + 1) + "A".repeat(43);
        for (int attempt = 1; attempt <= 3; attempt++) {
            page = passwordAgain(env, env.httpLogin().cookie(COOKIE, forged), alice, Map.of());
        }
        assertThat(page.document().text()).as("after the third forged cookie").contains("Two-step sign-in is locked");
        assertThat(reasons(env, alice, "trusted_browser_refused")).containsExactly("tampered", "tampered", "tampered");

        int sent = env.sms().messagesTo(alice.phone()).size();
        page = passwordAgain(env, alicesBrowser, alice, Map.of());
        assertThat(page.isCallback(env.oidc(trusting.realm()).redirectUri())).as("the trusted browser while the lock holds").isFalse();
        assertThat(page.document().text()).contains("Two-step sign-in is locked");
        assertThat(env.sms().messagesTo(alice.phone())).as("no SMS while locked").hasSize(sent);
    }

    @Test
    void applicationsThatDemandASecondFactorGetOne(TestEnvironment env) {
        String realm = realm(env, "trust-step-up", Map.of());
        TestUser user = env.newUserWithPhone(realm, "trust-step-up");
        HttpLogin login = env.httpLogin();
        signInWithSms(env, login, user, true);

        for (Map<String, String> demand : List.of(Map.of("prompt", "login"), Map.of("max_age", "0"))) {
            HttpLogin.Page page = passwordAgain(env, login, user, demand);
            assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(demand + ": " + page.document().text()).isNotNull();
        }
        assertThat(reasons(env, user, "trusted_browser_not_honoured")).containsExactlyInAnyOrder("prompt_login", "max_age");
        assertThat(trustedBrowsers(env, user)).as("the trust itself stays").isEqualTo(1);

        // a realm where trust does not reach the second-factor level: acr 1 by default, a real factor for acr 2
        String lower = realm(env, "trust-level", Map.of("trustedBrowserMeetsLevel", "false"));
        TestUser other = env.newUserWithPhone(lower, "trust-level");
        HttpLogin browser = env.httpLogin();
        signInWithSms(env, browser, other, true);
        OidcClient.AuthRequest plain = env.oidc(lower).authRequest();
        browser.forgetCookiesExcept(COOKIE);
        HttpLogin.Page page = LoginPages.password(browser, browser.open(plain.url()), other);
        assertThat(page.isCallback(env.oidc(lower).redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = plain.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("1");
        assertThat(tokens.amr()).contains("trusted-browser").doesNotContain("mfa", "sms");
        page = passwordAgain(env, browser, other, Map.of("acr_values", "2"));
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(reasons(env, other, "trusted_browser_not_honoured")).containsExactly("level");
    }

    @Test
    void everyCredentialChangeAndSignOutEverywhereEndsTheTrust(TestEnvironment env) {
        // two text messages a round (the trusted sign-in and the one after the trust ended), seven rounds
        String realm = realm(env, "trust-revoke", Map.of("smsPerUserPerHour", "30"));
        TestUser user = env.newUserWithPhoneAndTotp(realm, "trust-revoke");
        AdminApi admin = env.admin();
        String users = "/admin/realms/" + realm + "/users/" + user.id();

        Map<String, java.util.function.Consumer<OidcClient.Tokens>> triggers = new java.util.LinkedHashMap<>();
        triggers.put("admin password reset", tokens -> admin.put(users + "/reset-password",
                Map.of("type", "password", "value", user.password(), "temporary", false)).expect(204));
        triggers.put("second factor removed", tokens -> admin.delete(users + "/credentials/" + credentialId(env, user, "otp")).expect(204));
        triggers.put("emergency access granted", tokens -> grantEmergencyAccess(env, user));
        triggers.put("signed out everywhere by an admin", tokens -> admin.post(users + "/logout", Map.of()).expect(204));
        triggers.put("sign out all devices in the account console", tokens ->
                assertThat(env.accountApi(realm).signOutEverywhere(tokens.accessToken()).status()).isEqualTo(204));
        triggers.put("everyone in the realm signed out by an admin", tokens -> admin.post("/admin/realms/" + realm + "/logout-all", Map.of()).expect(200));
        triggers.put("disabled and enabled again", tokens -> {
            admin.put(users, Map.of("enabled", false)).expect(204);
            admin.put(users, Map.of("enabled", true)).expect(204);
        });

        for (Map.Entry<String, java.util.function.Consumer<OidcClient.Tokens>> trigger : triggers.entrySet()) {
            HttpLogin login = env.httpLogin();
            OidcClient.Tokens tokens = signInWithSmsOrEmergency(env, login, user);
            assertThat(trustedBrowsers(env, user)).as(trigger.getKey()).isEqualTo(1);
            trigger.getValue().accept(tokens);
            HttpLogin.Page page = passwordAgain(env, login, user, Map.of());
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(trigger.getKey() + ": the trust must end").isFalse();
            if (trigger.getKey().startsWith("emergency")) {
                assertThat(page.document().getElementById("kc-twofold-emergency-form")).as(page.document().text()).isNotNull();
                assertThat(page.document().getElementById("trustBrowser")).as("emergency access never offers trust").isNull();
            }
            assertThat(trustedBrowsers(env, user)).as(trigger.getKey() + ": the record goes").isZero();
        }
        assertThat(reasons(env, user, "trusted_browser_revoked"))
                .containsExactlyInAnyOrder("credentials_changed", "credentials_changed", "credentials_changed", "signed_out", "signed_out",
                        "signed_out", "signed_out");
    }

    /** After the emergency grant has ended trust, the next round signs in with the grant's own page out of the way: the grant is revoked. */
    private static OidcClient.Tokens signInWithSmsOrEmergency(TestEnvironment env, HttpLogin login, TestUser user) {
        revokeEmergencyGrants(env, user);
        return signInWithSms(env, login, user, true);
    }

    private static String credentialId(TestEnvironment env, TestUser user, String type) {
        return StreamSupport.stream(env.admin().credentials(user.realm(), user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals(type)).findFirst().orElseThrow().path("id").asText();
    }

    private static void grantEmergencyAccess(TestEnvironment env, TestUser user) {
        TestUser helpDesk = env.newUser(user.realm(), "trust-helpdesk", Map.of());
        env.admin().assignClientRoles(user.realm(), helpDesk.id(), "realm-management", "view-users", "manage-users", "twofold-emergency-access");
        JsonNode issued = env.admin().as(user.realm(), helpDesk.username(), helpDesk.password())
                .post("/admin/realms/" + user.realm() + "/twofold-emergency-access/users/" + user.id(), Map.of("reason", "lost phone, checked by video call"))
                .expect(201).json();
        SecretScanner.get().register("emergency code", issued.path("code").asText());
        SecretScanner.get().register("emergency code", issued.path("code").asText().replace("-", ""));
    }

    private static void revokeEmergencyGrants(TestEnvironment env, TestUser user) {
        StreamSupport.stream(env.admin().credentials(user.realm(), user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals("twofold-emergency-access"))
                .forEach(c -> env.admin().delete("/admin/realms/" + user.realm() + "/users/" + user.id() + "/credentials/" + c.path("id").asText()).expect(204));
    }

    @Test
    @MovesClock
    void trustEndsAfterItsDaysAndTheLimitPerUserDropsTheOldest(TestEnvironment env) {
        String realm = realm(env, "trust-limit", Map.of("trustedBrowserDays", "1", "trustedBrowsersPerUser", "2"));
        TestUser user = env.newUserWithPhone(realm, "trust-limit");
        HttpLogin[] browsers = {env.httpLogin(), env.httpLogin(), env.httpLogin()};
        for (HttpLogin b : browsers) {
            signInWithSms(env, b, user, true);
        }
        assertThat(trustedBrowsers(env, user)).isEqualTo(2);
        HttpLogin.Page page = passwordAgain(env, browsers[0], user, Map.of());
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as("the oldest was dropped: " + page.document().text()).isNotNull();
        page = passwordAgain(env, browsers[2], user, Map.of());
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();

        // a day later (the server's clock, moved by the test) the trust has ended
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofHours(25));
            page = passwordAgain(env, browsers[1], user, Map.of());
            assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        }
        assertThat(reasons(env, user, "trusted_browser_refused")).containsExactlyInAnyOrder("unknown", "expired");
        assertThat(reasons(env, user, "trusted_browser_revoked")).containsExactlyInAnyOrder("limit", "expired");
    }
}

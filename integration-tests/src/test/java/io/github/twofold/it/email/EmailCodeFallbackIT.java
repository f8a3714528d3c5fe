package io.github.twofold.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.integrity.PasswordGrant;
import io.github.twofold.it.integrity.SignIns;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The e-mailed code under "Try another way" (policy {@code emailCodeFallback}): offered only where
 * the policy offers it, through the same code pipeline as SMS (one e-mail per login however often
 * the page loads, the code once, wrong codes counted, budgets), at the level the policy gives it,
 * and never a session that may change the factors.
 */
@TwofoldTest
class EmailCodeFallbackIT {

    private static final SmtpStub SMTP = new SmtpStub();
    private static final String SUBJECT = "Your sign-in code";
    private static final String FORM = "kc-twofold-email-form";
    private static final String CHOICE = "Code by e-mail";
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    private static String realm(TestEnvironment env, String prefix, Map<String, String> policy) {
        Map<String, String> settings = new HashMap<>(Map.of("emailCodeFallback", "true"));
        settings.putAll(policy);
        return env.realmWithMail(SMTP, prefix, settings);
    }

    /** The password, then "Try another way": the page that lists the other ways. */
    private static HttpLogin.Page otherWays(HttpLogin login, OidcClient.AuthRequest request, TestUser user) {
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        return login.submit(page, "kc-select-try-another-way-form", Map.of());
    }

    /** The password, then "Try another way" and "Code by e-mail": the e-mail code page (its code is on its way). */
    private static HttpLogin.Page emailCodePage(HttpLogin login, OidcClient.AuthRequest request, TestUser user) {
        return LoginPages.chooseOtherWay(login, otherWays(login, request, user), CHOICE);
    }

    private static long codeMails(TestUser user) {
        return SMTP.mails().stream().filter(m -> m.to().contains(user.email()) && m.subject().contains(SUBJECT)).count();
    }

    /** The code of the {@code nth} sign-in-code e-mail to the user (registered with the secret scanner). */
    private static String code(TestUser user, int nth) {
        SMTP.await(user.email(), m -> m.subject().contains(SUBJECT) && codeMails(user) >= nth);
        SmtpStub.Mail mail = SMTP.mails().stream().filter(m -> m.to().contains(user.email()) && m.subject().contains(SUBJECT))
                .skip(nth - 1).findFirst().orElseThrow();
        Matcher m = CODE.matcher(mail.text());
        assertThat(m.find()).as(mail.text()).isTrue();
        SecretScanner.get().register("e-mailed code", m.group(1));
        return m.group(1);
    }

    @Test
    void aUserWithoutTheirPhoneSignsInWithACodeByEmailOnceEvenIfThePageReloads(TestEnvironment env) {
        String realm = realm(env, "mail-code", Map.of());
        TestUser user = env.newUserWithPhone(realm, "mail-code");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();

        HttpLogin.Page page = emailCodePage(login, request, user);
        assertThat(page.document().getElementById(FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().text()).contains("Enter the code from your e-mail").contains("We sent a 6-digit code to")
                .doesNotContain(user.email());
        assertThat(page.document().getElementById("kc-select-try-another-way-form")).as("the page leads back to the other ways").isNotNull();
        String code = code(user, 1);
        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains(SUBJECT));
        assertThat(mail.text()).contains("/twofold/not-me?t=").contains("change your password");
        Matcher notMe = Pattern.compile("(http://[^\\s\"<>]+/twofold/not-me\\?t=[^\\s\"<>]+)").matcher(mail.text());
        assertThat(notMe.find()).isTrue();
        HttpLogin.Page notMePage = env.httpLogin().open(notMe.group(1).replace("&amp;", "&"));
        assertThat(notMePage.document().text()).as("the link's page says what an unasked-for code means")
                .contains("If you did not ask for a sign-in code by e-mail, someone else knows your password");

        // a reload (Keycloak's "continue the sign-in" address) shows the sign-in's first way again, the
        // phone, with its code of before; choosing the e-mail again shows the pending code: nothing new is sent
        HttpLogin.Page reloaded = login.open(page.url().replaceAll("(session_code|execution)=[^&]*&?", ""));
        assertThat(reloaded.document().getElementById(LoginPages.SMS_FORM)).as(reloaded.document().text()).isNotNull();
        HttpLogin.Page again = LoginPages.chooseOtherWay(login, login.submit(reloaded, "kc-select-try-another-way-form", Map.of()), CHOICE);
        assertThat(again.document().getElementById(FORM)).as(again.document().text()).isNotNull();
        assertThat(codeMails(user)).as("no second e-mail").isEqualTo(1);

        HttpLogin.Page wrong = login.submit(again, FORM, Map.of("code", code.equals("000000") ? "111111" : "000000", "login", "true"));
        assertThat(wrong.document().text()).contains("Invalid code");

        HttpLogin.Page done = login.submit(wrong, FORM, Map.of("code", code, "login", "true"));
        assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(done.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "email", "mfa").doesNotContain("sms");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("email_code_sent").contains("\"error\":\"invalid_user_credentials\"");
        assertThat(env.sms().messagesTo(user.phone())).as("the SMS of the first page only").hasSize(1);

        // the same code in another sign-in: the code was used, and it was this sign-in's
        HttpLogin other = env.httpLogin();
        HttpLogin.Page second = emailCodePage(other, oidc.authRequest(), user);
        HttpLogin.Page replay = other.submit(second, FORM, Map.of("code", code, "login", "true"));
        assertThat(replay.isCallback(oidc.redirectUri())).isFalse();
        assertThat(replay.document().text()).contains("Invalid code");
    }

    @Test
    void inputThatIsNoCodeGetsAClearMessageAndNoPageBreaks(TestEnvironment env) {
        String realm = realm(env, "mail-input", Map.of("secondFactorFailuresBeforeDelay", "10", "smsAttemptsPerCode", "10"));
        TestUser user = env.newUserWithPhone(realm, "mail-input");
        OidcClient oidc = env.oidc(realm);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = emailCodePage(login, oidc.authRequest(), user);
        String code = code(user, 1);
        for (Map<String, String> input : java.util.List.of(Map.of("code", "", "login", "true"), Map.of("code", "12ab", "login", "true"),
                Map.of("code", "9".repeat(300), "login", "true"), Map.of("login", "true"),
                Map.of("code", "<script>alert(1)</script>", "login", "true", "credentialId", "x", "otp", code))) {
            page = login.submit(page, FORM, input);
            assertThat(page.status()).as(input.toString()).isEqualTo(200);
            assertThat(page.document().text()).as(input.toString()).contains("Invalid code").doesNotContain("<script>");
            assertThat(page.document().getElementById(FORM)).isNotNull();
        }
        assertThat(codeMails(user)).isEqualTo(1);
        HttpLogin.Page done = login.submit(page, FORM, Map.of("code", " " + code.substring(0, 3) + " " + code.substring(3) + " ", "login", "true"));
        assertThat(done.isCallback(oidc.redirectUri())).as("spaces around and inside the code are fine: " + done.document().text()).isTrue();
    }

    @Test
    void aSessionSignedInWithAnEmailedCodeCannotChangeTheFactors(TestEnvironment env) {
        String realm = realm(env, "mail-nochange", Map.of("trustedBrowserDays", "30"));
        TestUser user = env.newUserWithPhone(realm, "mail-nochange");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page sms = LoginPages.password(login, login.open(request.url()), user);
        assertThat(sms.document().getElementById("trustBrowser")).as("the SMS page offers to trust the browser").isNotNull();
        HttpLogin.Page page = LoginPages.chooseOtherWay(login, login.submit(sms, "kc-select-try-another-way-form", Map.of()), CHOICE);
        assertThat(page.document().getElementById("trustBrowser")).as("the e-mail page does not").isNull();
        HttpLogin.Page done = login.submit(page, FORM, Map.of("code", code(user, 1), "login", "true"));
        assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
        String token = request.exchange(done.url()).accessToken();

        AccountApi.Response refused = env.accountApi(realm).delete(token, SignIns.credentialId(env, realm, user, "twofold-sms"));
        assertThat(refused.status()).as("whoever reads the mailbox must not replace the phone: " + refused.body()).isEqualTo(403);

        // the same browser's session, asked by an application to set up an authenticator app or a new password
        for (String action : new String[] {"CONFIGURE_TOTP", "UPDATE_PASSWORD"}) {
            HttpLogin.Page asked = login.open(oidc.authRequest(Map.of("kc_action", action)).url());
            assertThat(asked.document().text()).as(action).contains("Confirm it is you");
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms").doesNotContain("otp");
    }

    @Test
    void atLevelOneTheTokenSaysEmailButNeitherLevelTwoNorMfa(TestEnvironment env) {
        String realm = realm(env, "mail-level1", Map.of("emailCodeLevel", "1"));
        TestUser user = env.newUserWithPhone(realm, "mail-level1");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = emailCodePage(login, request, user);
        HttpLogin.Page done = login.submit(page, FORM, Map.of("code", code(user, 1), "login", "true"));
        assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(done.url());
        assertThat(tokens.acr()).isEqualTo("1");
        assertThat(tokens.amr()).contains("email").doesNotContain("mfa");

        // the same browser asked for level 2 (acr_values): the session does not have it, a real factor is asked
        HttpLogin.Page stepUp = login.open(oidc.authRequest(Map.of("acr_values", "2")).url());
        assertThat(stepUp.isCallback(oidc.redirectUri())).as(stepUp.document().text()).isFalse();
        assertThat(stepUp.document().getElementById(LoginPages.SMS_FORM)).as(stepUp.document().text()).isNotNull();
    }

    @Test
    void aUserWithoutASecondFactorIsNeitherAskedForNorSentACode(TestEnvironment env) {
        String realm = realm(env, "mail-nofactor", Map.of());
        TestUser user = env.newUser(realm, "mail-nofactor", Map.of());
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.document().getElementById(FORM)).as(page.document().text()).isNull();
        assertThat(page.document().text()).doesNotContain("Enter the code from your e-mail");
        assertThat(codeMails(user)).isZero();
    }

    @Test
    void aMemberOfAGroupThatMustUsePasskeysIsNotOfferedIt(TestEnvironment env) {
        String realm = realm(env, "mail-passkey", Map.of("phishingResistantGroups", "/admins"));
        TestUser user = env.newUserWithPhone(realm, "mail-passkey");
        env.admin().joinGroup(realm, user.id(), env.admin().createGroup(realm, "admins"));
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        // the member signs in with the phone (then must add a passkey): the e-mail is not a second way
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().getElementById("kc-select-try-another-way-form")).as("the phone is the only way").isNull();
        assertThat(codeMails(user)).isZero();
    }

    @Test
    void itIsNotOfferedWhereThePolicyIsOff(TestEnvironment env) {
        // the self-service recovery off too: it would be the other way listed
        String off = env.realmWithMail(SMTP, "mail-off", Map.of("recoveryWaitHours", "0"));
        TestUser user = env.newUserWithPhone(off, "mail-off");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(off).authRequest().url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().text()).doesNotContain(CHOICE);
        assertThat(page.document().getElementById("kc-select-try-another-way-form")).as("the phone is the only way").isNull();
        assertThat(codeMails(user)).isZero();
    }

    @Test
    @MovesClock
    void aResendWaitsForTheCooldownAndItsCodeReplacesTheFirst(TestEnvironment env) {
        String realm = realm(env, "mail-resend", Map.of());
        TestUser user = env.newUserWithPhone(realm, "mail-resend");
        OidcClient oidc = env.oidc(realm);
        HttpLogin login = env.httpLogin();
        try (TestClock clock = env.clock()) {
            HttpLogin.Page page = emailCodePage(login, oidc.authRequest(), user);
            String first = code(user, 1);
            HttpLogin.Page early = login.submit(page, FORM, Map.of("resend", "true"));
            assertThat(early.document().text()).contains("before requesting another code");
            assertThat(codeMails(user)).as("no e-mail within the cooldown").isEqualTo(1);

            clock.advance(Duration.ofSeconds(31));
            HttpLogin.Page resent = login.submit(early, FORM, Map.of("resend", "true"));
            assertThat(resent.document().getElementById(FORM)).as(resent.document().text()).isNotNull();
            String second = code(user, 2);
            HttpLogin.Page old = login.submit(resent, FORM, Map.of("code", first, "login", "true"));
            assertThat(old.isCallback(oidc.redirectUri())).as("the first code was replaced").isFalse();
            HttpLogin.Page done = login.submit(old, FORM, Map.of("code", second, "login", "true"));
            assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
        }
    }

    @Test
    void theBudgetPerAddressCountsAcrossAccounts(TestEnvironment env) {
        String realm = realm(env, "mail-ip", Map.of("emailCodesPerIpPerHour", "1"));
        TestUser first = env.newUserWithPhone(realm, "mail-ip");
        TestUser second = env.newUserWithPhone(realm, "mail-ip");
        OidcClient oidc = env.oidc(realm);
        HttpLogin one = env.httpLogin();
        emailCodePage(one, oidc.authRequest(), first);
        code(first, 1);

        HttpLogin two = env.httpLogin();
        HttpLogin.Page refused = emailCodePage(two, oidc.authRequest(), second);
        assertThat(refused.document().text()).contains("Too many codes requested");
        assertThat(codeMails(second)).as("another account from the same address").isZero();
        assertThat(env.admin().userEvents(realm, second.id()).toString()).contains("email_code_blocked").contains("email_per_ip");
    }

    @Test
    void theDailyBudgetStopsTheSecondEmail(TestEnvironment env) {
        String realm = realm(env, "mail-budget", Map.of("emailCodesPerUserPerDay", "1"));
        TestUser user = env.newUserWithPhone(realm, "mail-budget");
        OidcClient oidc = env.oidc(realm);
        HttpLogin first = env.httpLogin();
        emailCodePage(first, oidc.authRequest(), user);
        code(user, 1);

        HttpLogin second = env.httpLogin();
        HttpLogin.Page refused = emailCodePage(second, oidc.authRequest(), user);
        assertThat(refused.document().text()).contains("Too many codes requested");
        assertThat(refused.document().getElementById("code")).as("no code field without a code").isNull();
        assertThat(codeMails(user)).isEqualTo(1);
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("email_code_blocked").contains("email_per_user");
    }

    @Test
    void inChromiumTheListAndThePageSayWhatHappensInGermanAndEnglish(TestEnvironment env, Browser chromium) throws IOException {
        String realm = realm(env, "mail-look", Map.of());
        TestUser user = env.newUserWithPhone(realm, "mail-look");
        OidcClient oidc = env.oidc(realm);

        chromium.open(oidc.authRequest().url() + "&ui_locales=de");
        LoginPages.password(chromium, user);
        chromium.waitForText("Code aus der SMS eingeben").click(By.id("try-another-way"));
        chromium.waitForText("Code per E-Mail");
        assertThat(chromium.text()).contains("Einen Anmeldecode an Ihre bestätigte E-Mail-Adresse erhalten.");
        chromium.screenshot("email-code-try-another-way-de");
        chromium.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'Code per E-Mail')]]"));
        chromium.waitForText("Code aus der E-Mail eingeben");
        assertThat(chromium.text()).contains("Wir haben einen 6-stelligen Code an").doesNotContain(user.email());
        chromium.screenshot("email-code-page-de");
        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("Ihr Anmeldecode"));
        assertThat(mail.text()).contains("Jemand meldet sich mit Ihrem Passwort").contains("/twofold/not-me?t=");
        String code = code(mail);
        Path html = env.workDir().resolve("screenshots/email-code-message-de.html.eml.html");
        Files.createDirectories(html.getParent());
        Files.writeString(html, htmlPart(mail));
        chromium.open(html.toUri().toString()).waitForText("Ihr Code");
        chromium.screenshot("email-code-message-de");

        chromium.clearCookies();
        chromium.open(oidc.authRequest().url() + "&ui_locales=en");
        LoginPages.password(chromium, user);
        chromium.waitForText("Enter the code from your text message").click(By.id("try-another-way"));
        chromium.waitForText("Code by e-mail");
        chromium.screenshot("email-code-try-another-way");
        chromium.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'Code by e-mail')]]"));
        chromium.waitForText("Enter the code from your e-mail");
        chromium.screenshot("email-code-page");
        String second = code(SMTP.await(user.email(), m -> m.subject().contains(SUBJECT)));
        chromium.type(By.id("code"), second).click(LoginPages.LOGIN).waitForUrl(oidc.redirectUri());
        assertThat(code).isNotEqualTo(second);
    }

    @Test
    void thePasswordGrantNeitherSendsNorTakesAnEmailedCode(TestEnvironment env) {
        String realm = realm(env, "mail-grant", Map.of());
        TestUser user = env.newUserWithPhone(realm, "mail-grant");
        OidcClient api = PasswordGrant.apiClient(env, realm);
        PasswordGrant.refused(api, user, Map.of("email_code", "123456"));
        PasswordGrant.refused(api, user, Map.of("email_code", "123456", "otp", ""));
        assertThat(codeMails(user)).as("no e-mail from a token request").isZero();
    }

    private static String code(SmtpStub.Mail mail) {
        Matcher m = CODE.matcher(mail.text());
        assertThat(m.find()).as(mail.text()).isTrue();
        SecretScanner.get().register("e-mailed code", m.group(1));
        return m.group(1);
    }

    /** The HTML part of a message, as the mail client shows it. */
    private static String htmlPart(SmtpStub.Mail mail) {
        String text = mail.text();
        int start = text.indexOf("<html");
        int end = text.lastIndexOf("</html>");
        assertThat(start).as("an HTML part").isGreaterThanOrEqualTo(0);
        return text.substring(start, end + "</html>".length());
    }
}

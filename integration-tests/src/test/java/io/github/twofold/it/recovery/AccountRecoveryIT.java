package io.github.twofold.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Burst;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.ProcessReaper;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "I lost my phone or app" (policy {@code recoveryWaitHours}): a code to the verified address
 * starts a waiting period, the user is e-mailed at once and when it ends (the server's timer, with
 * the test clock moved across it), and only then does a new e-mailed code let the user set up a
 * new factor, once; the old ones are retired. A sign-in with the factor, the e-mail's "this wasn't
 * me" link or an admin cancels it; the waiting period cannot be skipped through the step, a
 * second tab or the admin API.
 */
@TwofoldTest
class AccountRecoveryIT {

    private static final SmtpStub SMTP = new SmtpStub();
    private static final String CHOICE = "I lost my phone or app";
    private static final String FORM = "kc-twofold-recovery-form";
    private static final String CODE_SUBJECT = "Your account recovery code";
    private static final String STARTED_SUBJECT = "Someone is recovering your account";
    private static final String READY_SUBJECT = "The waiting period of your account recovery has ended";
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private static final Pattern NOT_ME = Pattern.compile("(http://[^\\s\"<>]+/twofold/not-me\\?t=[^\\s\"<>]+)");

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    private static String realm(TestEnvironment env, String prefix, Map<String, String> policy) {
        return env.realmWithMail(SMTP, prefix, policy);
    }

    private static List<SmtpStub.Mail> mails(TestUser user, String subject) {
        return SMTP.mails().stream().filter(m -> m.to().contains(user.email()) && m.subject().contains(subject)).toList();
    }

    /** The code of the {@code nth} recovery-code e-mail to the user (registered with the secret scanner). */
    private static String code(TestUser user, int nth) {
        SMTP.await(user.email(), m -> m.subject().contains(CODE_SUBJECT) && mails(user, CODE_SUBJECT).size() >= nth);
        SmtpStub.Mail mail = mails(user, CODE_SUBJECT).get(nth - 1);
        Matcher m = CODE.matcher(mail.text());
        assertThat(m.find()).as(mail.text()).isTrue();
        SecretScanner.get().register("e-mailed code", m.group(1));
        return m.group(1);
    }

    private static String notMeLink(SmtpStub.Mail mail) {
        Matcher m = NOT_ME.matcher(mail.text());
        assertThat(m.find()).as(mail.text()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    /** The password, then "Try another way": the list of the other ways. */
    private static HttpLogin.Page otherWays(HttpLogin login, OidcClient.AuthRequest request, TestUser user) {
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        return login.submit(page, "kc-select-try-another-way-form", Map.of());
    }

    private static HttpLogin.Page recoveryPage(HttpLogin login, OidcClient.AuthRequest request, TestUser user) {
        return LoginPages.chooseOtherWay(login, otherWays(login, request, user), CHOICE);
    }

    /** Chooses the recovery and types the e-mailed code: the page that says the waiting period runs. */
    private static HttpLogin.Page start(TestEnvironment env, String realm, TestUser user) {
        int sent = mails(user, CODE_SUBJECT).size();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = recoveryPage(login, env.oidc(realm).authRequest(), user);
        assertThat(page.document().getElementById(FORM)).as(page.document().text()).isNotNull();
        HttpLogin.Page waiting = login.submit(page, FORM, Map.of("code", code(user, sent + 1), "login", "true"));
        assertThat(waiting.document().text()).as(waiting.document().text()).contains("Your account recovery is under way");
        return waiting;
    }

    private static JsonNode recovery(TestEnvironment env, String realm, TestUser user) {
        return env.admin().get("/admin/realms/" + realm + "/twofold-emergency-access/users/" + user.id() + "/recovery").expect(200).json();
    }

    private static List<JsonNode> events(TestEnvironment env, String realm, TestUser user, String twofoldEvent) {
        return StreamSupport.stream(env.admin().userEvents(realm, user.id()).spliterator(), false)
                .filter(e -> twofoldEvent.equals(e.path("details").path("twofold_event").asText())).toList();
    }

    @Test
    @MovesClock
    void aUserWhoLostTheirPhoneSetsUpANewOneOnlyAfterTheWaitingPeriod(TestEnvironment env, Browser browser) {
        String realm = realm(env, "recover", Map.of());
        TestUser user = env.newUserWithPhoneAndTotp(realm, "recover"); // lost both: the phone and the phone the app was on
        OidcClient oidc = env.oidc(realm);
        try (TestClock clock = env.clock()) {
            // day 0: a second tab opened the recovery too (its own code); the code from the e-mail starts the waiting period
            HttpLogin tab = env.httpLogin();
            HttpLogin.Page tabPage = recoveryPage(tab, oidc.authRequest(), user);
            String tabCode = code(user, 1);
            browser.open(oidc.authRequest().url());
            LoginPages.password(browser, user);
            browser.waitForText("Enter the code from your text message").click(By.id("try-another-way"));
            browser.waitForText(CHOICE);
            browser.screenshot("recovery-choice");
            browser.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'" + CHOICE + "')]]"));
            browser.waitForText("Recover your account");
            assertThat(browser.text()).contains("24 hours").contains("We sent a 6-digit code to").doesNotContain(user.email());
            browser.screenshot("recovery-code");
            browser.type(LoginPages.CODE, code(user, 2)).click(LoginPages.LOGIN);
            browser.waitForText("Your account recovery is under way");
            browser.screenshot("recovery-waiting");
            long started = System.currentTimeMillis() / 1000;
            JsonNode open = recovery(env, realm, user);
            assertThat(open.path("open").asBoolean()).isTrue();
            assertThat(open.path("readyAt").asLong()).as("24 hours by default").isBetween(started + 86_400 - 60, started + 86_400 + 5);
            SmtpStub.Mail startedMail = SMTP.await(user.email(), m -> m.subject().contains(STARTED_SUBJECT));
            assertThat(startedMail.text()).contains("/twofold/not-me?t=").contains("cancels the recovery");
            assertThat(events(env, realm, user, "recovery_started")).hasSize(1);

            // while it runs: the other tab's right code neither starts another one nor ends this one early
            HttpLogin.Page tabWaiting = tab.submit(tabPage, FORM, Map.of("code", tabCode, "login", "true"));
            assertThat(tabWaiting.document().text()).contains("Your account recovery is under way");
            assertThat(recovery(env, realm, user).path("readyAt").asLong()).isEqualTo(open.path("readyAt").asLong());
            assertThat(events(env, realm, user, "recovery_started")).hasSize(1);
            // and a new sign-in is told when it ends; nothing is sent
            HttpLogin login = env.httpLogin();
            HttpLogin.Page waiting = recoveryPage(login, oidc.authRequest(), user);
            assertThat(waiting.document().text()).contains("Your account recovery is under way").contains("You can set up a new way to sign in after");
            assertThat(waiting.document().getElementById(FORM)).isNull();
            assertThat(waiting.document().getElementById("kc-select-try-another-way-form")).as("a way back to the other ways").isNotNull();
            assertThat(mails(user, CODE_SUBJECT)).as("no code while it waits").hasSize(2);

            // a day later the server's timer tells the user, once
            clock.advance(Duration.ofHours(24).plusMinutes(1));
            SmtpStub.Mail ready = SMTP.await(user.email(), m -> m.subject().contains(READY_SUBJECT));
            assertThat(ready.text()).contains(CHOICE).contains("/twofold/not-me?t=");
            assertThat(recovery(env, realm, user).path("readyNoticeSent").asBoolean()).isTrue();

            // two sign-ins reach the new code at once: the first completes the recovery, the second finds it used
            HttpLogin secondTab = env.httpLogin();
            HttpLogin.Page other = recoveryPage(secondTab, oidc.authRequest(), user);
            String otherCode = code(user, 3);
            OidcClient.AuthRequest request = oidc.authRequest();
            browser.clearCookies(); // the next day: yesterday's sign-in in this browser is long gone
            browser.open(request.url());
            LoginPages.password(browser, user);
            browser.waitForText("Enter the code from your text message").click(By.id("try-another-way"));
            browser.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'" + CHOICE + "')]]"));
            browser.waitForText("The waiting period of your recovery has ended");
            browser.screenshot("recovery-ready");
            browser.type(LoginPages.CODE, code(user, 4)).click(LoginPages.LOGIN);
            browser.await().until(d -> !d.findElements(By.id(LoginPages.CHOOSE_FORM)).isEmpty());
            assertThat(secondTab.submit(other, FORM, Map.of("code", otherCode, "login", "true")).document().text())
                    .contains("This recovery was already used or has been cancelled");

            // the new phone, backup codes, back at the application: the token names the recovery, not mfa
            browser.click(By.id("twofold-method-sms"));
            browser.await().until(d -> !d.findElements(By.id(LoginPages.PHONE_FORM)).isEmpty());
            String newPhone = Phones.random();
            browser.type(By.id("phone"), newPhone).click(By.id("twofold-send-code"));
            browser.type(LoginPages.CODE, env.sms().awaitCode(newPhone, 1)).click(By.id("twofold-verify"));
            browser.waitForText("Save your backup codes");
            browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).forEach(e -> SecretScanner.get().register("backup code", e.getText().trim()));
            browser.click(By.id("saved")).click(By.id("twofold-confirm"));
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens tokens = request.exchange(browser.url());
            assertThat(tokens.amr()).contains("pwd", "recovery").doesNotContain("mfa").doesNotContain("email");
            assertThat(tokens.acr()).as("the new factor was set up and verified in this sign-in, as after emergency access").isEqualTo("2");
            // the same browser's session later: the recovery allowed one set-up in its own sign-in, not more
            browser.open(oidc.authRequest(Map.of("kc_action", "CONFIGURE_TOTP")).url());
            browser.waitForText("Confirm it is you");

            List<JsonNode> phones = StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                    .filter(c -> c.path("type").asText().equals("twofold-sms")).toList();
            assertThat(phones).as("the lost phone was replaced").hasSize(1);
            assertThat(phones.get(0).toString()).doesNotContain(user.phone().substring(user.phone().length() - 4) + "\"");
            assertThat(env.admin().credentialTypes(realm, user.id())).as("every factor from before is gone")
                    .doesNotContain("otp").doesNotContain("twofold-recovery");
            assertThat(recovery(env, realm, user).path("open").asBoolean()).isFalse();
            assertThat(events(env, realm, user, "recovery_completed")).isNotEmpty();
            assertThat(events(env, realm, user, "emergency_factors_retired")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("recovery");
                        assertThat(e.path("details").path("twofold_retired").asText()).as("the app (the old phone was replaced at once)").isEqualTo("1");
                    });
            SMTP.await(user.email(), m -> m.subject().contains("The second factors you had before no longer work"));
            assertThat(mails(user, READY_SUBJECT)).as("told once").hasSize(1);
        }
    }

    @Test
    void aSignInWithThePhoneCancelsTheRecovery(TestEnvironment env) {
        String realm = realm(env, "recover-found", Map.of());
        TestUser user = env.newUserWithPhone(realm, "recover-found");
        start(env, realm, user);
        assertThat(recovery(env, realm, user).path("open").asBoolean()).isTrue();

        // the phone turns up while the recovery page is open: "Try another way" leads back to it
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page waiting = recoveryPage(login, request, user);
        assertThat(waiting.document().text()).contains("Your account recovery is under way");
        HttpLogin.Page sms = LoginPages.chooseOtherWay(login, login.submit(waiting, "kc-select-try-another-way-form", Map.of()), "Text message (SMS)");
        assertThat(sms.document().getElementById(LoginPages.SMS_FORM)).as(sms.document().text()).isNotNull();
        HttpLogin.Page done = LoginPages.code(login, sms, env.sms().awaitCode(user.phone(), 2));
        assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
        assertThat(recovery(env, realm, user).path("open").asBoolean()).as("the phone works: no recovery").isFalse();
        assertThat(events(env, realm, user, "recovery_cancelled")).singleElement()
                .satisfies(e -> assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("factor_sign_in"));
    }

    @Test
    void theLinkInTheEmailCancelsTheRecoveryAndNoNewOneCanStart(TestEnvironment env) {
        String realm = realm(env, "recover-notme", Map.of());
        TestUser user = env.newUserWithPhone(realm, "recover-notme");
        start(env, realm, user);
        String link = notMeLink(SMTP.await(user.email(), m -> m.subject().contains(STARTED_SUBJECT)));
        HttpLogin owner = env.httpLogin();
        HttpLogin.Page confirm = owner.open(link);
        assertThat(confirm.document().text()).contains("If you did not start a recovery of your account");
        HttpLogin.Page done = owner.submit(confirm, null, Map.of());
        assertThat(done.status()).as(done.document().text()).isEqualTo(200);

        assertThat(recovery(env, realm, user).path("open").asBoolean()).isFalse();
        assertThat(events(env, realm, user, "recovery_cancelled")).singleElement()
                .satisfies(e -> assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("reported_by_user"));
        // the report holds the factors: whoever has the password cannot start another recovery
        HttpLogin login = env.httpLogin();
        HttpLogin.Page sms = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(sms.document().text()).doesNotContain(CHOICE);
        assertThat(sms.document().getElementById("kc-select-try-another-way-form")).as("the phone is the only way").isNull();
    }

    @Test
    void anAdminSeesAndCancelsOpenRecoveries(TestEnvironment env) {
        String realm = realm(env, "recover-admin", Map.of());
        TestUser user = env.newUserWithPhone(realm, "recover-admin");
        start(env, realm, user);
        JsonNode listed = env.admin().get("/admin/realms/" + realm + "/twofold-emergency-access/recoveries").expect(200).json();
        assertThat(listed).singleElement().satisfies(r -> {
            assertThat(r.path("username").asText()).isEqualTo(user.username());
            assertThat(r.path("readyNoticeSent").asBoolean()).isFalse();
        });
        String path = "/admin/realms/" + realm + "/twofold-emergency-access/users/" + user.id() + "/recovery";
        env.admin().delete(path).expect(200);
        assertThat(env.admin().delete(path).status()).as("nothing left to cancel").isEqualTo(404);
        assertThat(recovery(env, realm, user).path("open").asBoolean()).isFalse();
        assertThat(events(env, realm, user, "recovery_cancelled")).singleElement().satisfies(e -> {
            assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("admin");
            assertThat(e.path("details").path("twofold_admin").asText()).isNotBlank();
        });

        // no recovery made through Keycloak's own user API: the waiting period cannot be written in
        Map<String, Object> forged = Map.of("type", "twofold-recovery", "secretData", "{}",
                "credentialData", "{\"startedAt\":1,\"readyAt\":2,\"address\":\"x\"}");
        assertThat(env.admin().post("/admin/realms/" + realm + "/users", Map.of("username", "forged-recovery", "enabled", true,
                "credentials", List.of(forged))).status()).isEqualTo(400);
    }

    @Test
    void theCodeRefusesInputThatIsNoCodeAndCountsAgainstTheEmailBudget(TestEnvironment env) {
        String realm = realm(env, "recover-input", Map.of("emailCodesPerUserPerDay", "1", "secondFactorFailuresBeforeDelay", "10",
                "smsAttemptsPerCode", "10"));
        TestUser user = env.newUserWithPhone(realm, "recover-input");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = recoveryPage(login, env.oidc(realm).authRequest(), user);
        code(user, 1);
        for (Map<String, String> input : List.of(Map.of("code", "", "login", "true"), Map.of("code", "12ab", "login", "true"),
                Map.of("code", "9".repeat(300), "login", "true"), Map.of("login", "true"),
                Map.of("code", "<script>alert(1)</script>", "login", "true", "credentialId", "x"))) {
            page = login.submit(page, FORM, input);
            assertThat(page.status()).as(input.toString()).isEqualTo(200);
            assertThat(page.document().text()).as(input.toString()).contains("Invalid code").doesNotContain("<script>");
        }
        assertThat(recovery(env, realm, user).path("open").asBoolean()).as("nothing started").isFalse();

        // the day's one e-mail is spent: another sign-in's recovery sends nothing
        HttpLogin other = env.httpLogin();
        HttpLogin.Page refused = recoveryPage(other, env.oidc(realm).authRequest(), user);
        assertThat(refused.document().getElementById("code")).as(refused.document().text()).isNull();
        assertThat(mails(user, CODE_SUBJECT)).hasSize(1);
        assertThat(events(env, realm, user, "email_code_blocked")).singleElement()
                .satisfies(e -> assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("recovery"));
    }

    /** Ten tabs send the right code at once: one recovery starts, with one e-mail (a realm without Keycloak's detector, which would serialize the burst). */
    @Test
    void theRightCodeSentInParallelStartsOneRecovery(TestEnvironment env) {
        String realm = env.realmWithPolicy("recover-burst", Map.of(), Map.of("bruteForceProtected", false, "quickLoginCheckMilliSeconds", 1,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(SMTP.port()), "from", "security@twofold.test")));
        TestUser user = env.newUserWithPhone(realm, "recover-burst");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = recoveryPage(login, env.oidc(realm).authRequest(), user);
        String code = code(user, 1);
        List<HttpLogin.Page> answers = Burst.repeated(10, () -> login.submit(page, FORM, Map.of("code", code, "login", "true")));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isLessThan(500));
        assertThat(answers).anySatisfy(answer -> assertThat(answer.document().text()).contains("Your account recovery is under way"));
        SMTP.await(user.email(), m -> m.subject().contains(STARTED_SUBJECT));
        assertThat(events(env, realm, user, "recovery_started")).as("one start").hasSize(1);
        assertThat(env.admin().credentialTypes(realm, user.id()).stream().filter("twofold-recovery"::equals)).as("one record").hasSize(1);
        assertThat(mails(user, STARTED_SUBJECT)).hasSize(1);
    }

    @Test
    void itIsNotOfferedToGroupMembersUsersWithBackupCodesOrWhereOff(TestEnvironment env) {
        String realm = realm(env, "recover-who", Map.of("phishingResistantGroups", "/admins"));
        TestUser member = env.newUserWithPhone(realm, "recover-member");
        env.admin().joinGroup(realm, member.id(), env.admin().createGroup(realm, "admins"));
        TestUser plain = env.newUserWithPhone(realm, "recover-plain");
        String off = realm(env, "recover-off", Map.of("recoveryWaitHours", "0"));
        TestUser offUser = env.newUserWithPhone(off, "recover-off");
        String noMail = env.realmWithPolicy("recover-nomail", Map.of());
        TestUser noMailUser = env.newUserWithPhone(noMail, "recover-nomail");

        assertThat(otherWays(env.httpLogin(), env.oidc(realm).authRequest(), plain).document().text()).as("the control").contains(CHOICE);
        for (Map.Entry<String, TestUser> who : Map.of(realm, member, off, offUser, noMail, noMailUser).entrySet()) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page sms = LoginPages.password(login, login.open(env.oidc(who.getKey()).authRequest().url()), who.getValue());
            assertThat(sms.document().getElementById(LoginPages.SMS_FORM)).as(sms.document().text()).isNotNull();
            assertThat(sms.document().getElementById("kc-select-try-another-way-form")).as(who.getKey() + ": the phone is the only way").isNull();
        }

        // backup codes left: they are the way back
        TestUser withCodes = env.newUser(realm, "recover-codes", Map.of());
        LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), withCodes);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page backup = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), withCodes);
        assertThat(backup.document().getElementById(LoginPages.BACKUP_FORM)).as(backup.document().text()).isNotNull();
        assertThat(backup.document().text()).doesNotContain(CHOICE);
        assertThat(SMTP.mails().stream().filter(m -> m.subject().contains(CODE_SUBJECT))
                .noneMatch(m -> List.of(member.email(), offUser.email(), noMailUser.email(), withCodes.email()).stream().anyMatch(m.to()::contains)))
                .isTrue();
    }

    @Test
    @MovesClock
    void aRecoveryNotUsedWithinAWeekOfItsEndLapses(TestEnvironment env) {
        String realm = realm(env, "recover-lapse", Map.of("recoveryWaitHours", "1"));
        TestUser user = env.newUserWithPhone(realm, "recover-lapse");
        start(env, realm, user);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofHours(1).plusDays(7).plusMinutes(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (recovery(env, realm, user).path("open").asBoolean() && System.nanoTime() < deadline) {
                ProcessReaper.sleep(250);
            }
            assertThat(recovery(env, realm, user).path("open").asBoolean()).as("removed by the timer").isFalse();
            assertThat(events(env, realm, user, "recovery_cancelled")).singleElement()
                    .satisfies(e -> assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("expired"));
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = recoveryPage(login, env.oidc(realm).authRequest(), user);
            assertThat(page.document().text()).as("it starts over: a new code, a new waiting period").contains("Recover your account")
                    .doesNotContain("under way");
        }
    }

    @Test
    void inChromiumTheGermanPagesAndTheEmailSayWhatHappens(TestEnvironment env, Browser chromium) throws IOException {
        String realm = realm(env, "recover-de", Map.of());
        TestUser user = env.newUserWithPhone(realm, "recover-de");
        chromium.open(env.oidc(realm).authRequest().url() + "&ui_locales=de");
        LoginPages.password(chromium, user);
        chromium.waitForText("Code aus der SMS eingeben").click(By.id("try-another-way"));
        chromium.waitForText("Ich habe mein Telefon oder meine App verloren");
        chromium.screenshot("recovery-choice-de");
        chromium.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'Ich habe mein Telefon oder meine App verloren')]]"));
        chromium.waitForText("Konto wiederherstellen");
        assertThat(chromium.text()).contains("24 Stunden").contains("Wir haben einen 6-stelligen Code an");
        chromium.screenshot("recovery-code-de");
        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("Ihr Code zur Kontowiederherstellung"));
        Matcher m = CODE.matcher(mail.text());
        assertThat(m.find()).as(mail.text()).isTrue();
        SecretScanner.get().register("e-mailed code", m.group(1));
        chromium.type(LoginPages.CODE, m.group(1)).click(LoginPages.LOGIN);
        chromium.waitForText("Ihre Kontowiederherstellung läuft");
        assertThat(chromium.text()).contains("Sie können nach").contains("UTC");
        chromium.screenshot("recovery-waiting-de");
        SmtpStub.Mail started = SMTP.await(user.email(), s -> s.subject().contains("Jemand stellt Ihr Konto wieder her"));
        Path html = env.workDir().resolve("screenshots/recovery-started-de.html.eml.html");
        Files.createDirectories(html.getParent());
        Files.writeString(html, htmlPart(started));
        chromium.open(html.toUri().toString()).waitForText("Eine Wiederherstellung Ihres Kontos");
        chromium.screenshot("recovery-started-mail-de");
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

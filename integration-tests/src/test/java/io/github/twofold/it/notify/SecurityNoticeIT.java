package io.github.twofold.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import io.github.twofold.it.integrity.PasswordGrant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Security e-mails through Keycloak's templates, to a loopback SMTP server, in the user's language. */
@TwofoldTest
class SecurityNoticeIT {

    private static final SmtpStub SMTP = new SmtpStub();

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    private static String realmWithMail(TestEnvironment env, String prefix) {
        return realmWithMail(env, prefix, Map.of());
    }

    private static String realmWithMail(TestEnvironment env, String prefix, Map<String, String> policy) {
        return env.realmWithMail(SMTP, prefix, policy);
    }

    private static String body(SmtpStub.Mail mail) {
        return mail.text();
    }

    /** A message of the German bundle, as the server would render it. */
    private static String german(String key) throws java.io.IOException {
        java.util.Properties de = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(System.getProperty("twofold.project.root"),
                "themes/src/main/resources/theme-resources/messages/messages_de.properties"))) {
            de.load(in);
        }
        return de.getProperty(key);
    }

    @Test
    void anAppAddedThroughKeycloaksOwnActionAndAnEmailChangeAreReported(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-added");
        TestUser user = env.newUserWithPhone(realm, "notice-added");
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        OidcClient.Tokens tokens = request.exchange(page.url());

        // Keycloak's own authenticator-app set-up, started by the application
        page = login.open(oidc.authRequest(Map.of("kc_action", "CONFIGURE_TOTP")).url());
        String secret = "noticenoticenotice12";
        page = login.submit(page, LoginPages.TOTP_FORM, Map.of("totpSecret", secret, "totp", io.github.twofold.it.harness.Totp.code(secret),
                "userLabel", "phone app", "mode", "manual"));
        assertThat(env.admin().credentialTypes(realm, user.id())).as(page.document().text()).contains("otp");
        assertThat(body(SMTP.await(user.email(), m -> m.subject().contains("A way to confirm your sign-ins was added"))))
                .contains("authenticator app").doesNotContain(secret);

        // the e-mail address changes through the Account REST API: the old address is told
        String moved = "moved-" + user.email();
        assertThat(env.accountApi(realm).updateProfile(tokens.accessToken(), Map.of("username", user.username(), "email", moved,
                "firstName", "Test", "lastName", "User")).status()).isEqualTo(204);
        assertThat(body(SMTP.await(user.email(), m -> m.subject().contains("e-mail address of your account was changed"))))
                .contains("now go to the new address").doesNotContain(moved);
    }

    @Test
    void aBackupCodeLoginIsReportedWithWhenWhereAndWhatToDo(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-backup");
        TestUser user = env.newUser(realm, "notice-backup", Map.of());
        List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), user);
        SMTP.await(user.email(), m -> m.subject().contains("New backup codes were created"));

        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        LoginPages.backupCode(login, page, codes.get(3));

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("A backup code was used"));
        String body = body(mail);
        assertThat(body).contains("Backup codes left: 9.")
                .contains("IP address 127.0.0.1")
                .containsPattern("When: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")
                .contains("If this was not you, contact your help desk at once and change your password.");
        codes.forEach(c -> assertThat(body).doesNotContain(c).doesNotContain(c.replace("-", "")));
    }

    /** The lock's event is the user's e-mail, once per lock: on the sign-in page and through the password grant. */
    @Test
    void aLockOfTheSecondStepIsReportedWhateverTheDoor(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-lock", Map.of("secondFactorFailuresBeforeLock", "3", "secondFactorFailuresBeforeDelay", "3"));
        String subject = "Two-step sign-in to your account was locked";

        TestUser atThePage = env.newUserWithPhone(realm, "notice-lock-page");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), atThePage);
        String wrong = env.sms().awaitCode(atThePage.phone(), 1).equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 3; i++) {
            page = LoginPages.code(login, page, wrong);
        }
        assertThat(page.errorText()).contains("Two-step sign-in is locked");
        assertThat(body(SMTP.await(atThePage.email(), m -> m.subject().contains(subject)))).contains("after too many wrong codes");

        TestUser throughTheApi = env.newUserWithPhone(realm, "notice-lock-grant");
        OidcClient api = PasswordGrant.apiClient(env, realm);
        PasswordGrant.refused(api, throughTheApi, Map.of());
        String wrongForApi = env.sms().awaitCode(throughTheApi.phone(), 1).equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 3; i++) {
            PasswordGrant.refused(api, throughTheApi, Map.of("sms_code", wrongForApi));
        }
        assertThat(body(SMTP.await(throughTheApi.email(), m -> m.subject().contains(subject)))).contains("after too many wrong codes");

        for (TestUser user : List.of(atThePage, throughTheApi)) {
            List<JsonNode> locks = StreamSupport.stream(env.admin().userEvents(realm, user.id()).spliterator(), false)
                    .filter(e -> "second_factor_locked".equals(e.path("details").path("twofold_event").asText())).toList();
            assertThat(locks).as("one lock event for " + user.username()).singleElement().satisfies(e -> {
                assertThat(e.path("type").asText()).isEqualTo("USER_DISABLED_BY_TEMPORARY_LOCKOUT");
                assertThat(e.path("error").isMissingNode() || e.path("error").isNull()).as("not a failure: " + e).isTrue();
                assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("sms");
            });
        }
    }

    @Test
    void trustingABrowserIsReportedWithItsNameAndHowToUndoIt(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-trust", Map.of("trustedBrowserDays", "30"));
        TestUser user = env.newUserWithPhone(realm, "notice-trust");
        HttpLogin login = env.httpLogin().header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = login.submit(page, LoginPages.SMS_FORM, Map.of("code", code, "trustBrowser", "on"));
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("A browser was trusted"));
        assertThat(body(mail)).contains("Sign-ins to your account from Chrome (Linux) on the device below no longer ask for a second step.")
                .contains("remove the browser under Trusted browsers").doesNotContain(code);
    }

    @Test
    void nothingTheRequestSendsBecomesTextOrALinkInTheMail(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-agent");
        TestUser user = env.newUser(realm, "notice-agent", Map.of());
        List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), user);
        SMTP.await(user.email(), m -> m.subject().contains("New backup codes were created"));

        String forged = "<a href=\"https://evil.example/keep\">Keep your account</a><img src=\"https://evil.example/p.png\"> "
                + "Mozilla/5.0 (Windows NT 10.0) Firefox/125.0";
        HttpLogin login = env.httpLogin().header("User-Agent", forged);
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        LoginPages.backupCode(login, page, codes.get(0));

        String body = body(SMTP.await(user.email(), m -> m.subject().contains("A backup code was used")));
        assertThat(body).contains("browser Firefox (Windows)")
                .doesNotContain("evil.example").doesNotContain("Keep your account").doesNotContain("<img");
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("<a\\s[^>]*href=\"([^\"]*)\"").matcher(body);
        List<String> hrefs = new java.util.ArrayList<>();
        while (links.find()) {
            hrefs.add(links.group(1));
        }
        assertThat(hrefs).as("the one link is Twofold's own \"this wasn't me\"")
                .singleElement().asString().startsWith(env.baseUrl() + "/realms/" + realm + "/twofold/not-me?t=");
    }

    @Test
    void aNewPhoneIsReportedInTheUsersLanguageWithTheNumberMasked(TestEnvironment env) throws Exception {
        String realm = realmWithMail(env, "notice-phone");
        TestUser user = env.newUser(realm, "notice-phone", Map.of("attributes", Map.of("locale", List.of("de")),
                "requiredActions", List.of("twofold-set-up-phone")));
        String phone = Phones.random();
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.phone(login, page, phone);
        String code = env.sms().awaitCode(phone, 1);
        page = LoginPages.verifyPhone(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> true);
        assertThat(mail.subject()).isEqualTo(german("twofoldNoticePhoneAddedSubject"));
        String body = body(mail);
        assertThat(body).contains(german("twofoldNoticeNotYou"));
        assertThat(body).contains(phone.substring(phone.length() - 4)).doesNotContain(phone).doesNotContain(phone.substring(1));
        assertThat(body).contains("127.0.0.1");
    }

    @Test
    void removingAPhoneWithKeycloaksDeleteCredentialActionIsReported(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-remove");
        TestUser user = env.newUserWithPhone(realm, "notice-remove");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();
        String phoneId = null;
        for (var c : env.admin().credentials(realm, user.id())) {
            if (c.path("type").asText().equals("twofold-sms")) {
                phoneId = c.path("id").asText();
            }
        }
        // Keycloak's own removal path (the account console uses it): the delete_credential action.
        HttpLogin.Page confirm = login.open(env.oidc(realm).authRequest(Map.of("kc_action", "delete_credential:" + phoneId)).url());
        assertThat(confirm.document().getElementById("kc-accept")).as(confirm.document().text()).isNotNull();
        HttpLogin.Page done = login.submit(confirm, null, Map.of("accept", ""));
        assertThat(done.isCallback(env.oidc(realm).redirectUri())).as(done.document().text()).isTrue();
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("twofold-sms");

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("A way to confirm your sign-ins was removed"));
        assertThat(body(mail)).contains("A second factor (a phone, an authenticator app or backup codes) was removed from your account.")
                .doesNotContain(user.phone());
    }

    @Test
    void anAdminRemovingASignInMethodIsReportedToTheUser(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-admin");
        TestUser user = env.newUserWithPhone(realm, "notice-admin");
        String credential = null;
        for (com.fasterxml.jackson.databind.JsonNode c : env.admin().credentials(realm, user.id())) {
            if (c.path("type").asText().equals("twofold-sms")) {
                credential = c.path("id").asText();
            }
        }
        env.admin().delete("/admin/realms/" + realm + "/users/" + user.id() + "/credentials/" + credential).expect(204);

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains("An administrator changed how you sign in"));
        assertThat(body(mail)).contains("An administrator removed a way to sign in or to confirm your sign-ins from your account.")
                .contains("If you did not ask your help desk for this, contact them at once.")
                .doesNotContain(user.phone()).doesNotContain(user.phone().substring(3));
    }

    @Test
    @MovesClock
    void anAdminAddingASecondFactorThroughTheAdminApiIsReportedToTheUser(TestEnvironment env) {
        String realm = realmWithMail(env, "notice-admin-add");
        // created through the admin API with a phone
        TestUser user = env.newUserWithPhone(realm, "notice-admin-add");
        Predicate<SmtpStub.Mail> added = m -> m.to().contains(user.email()) && m.subject().contains("An administrator added a way to confirm");
        assertThat(body(SMTP.await(user.email(), added))).contains("An administrator added a second factor")
                .contains("If you did not ask your help desk for this, contact them at once.").doesNotContain(user.phone().substring(3));

        String path = "/admin/realms/" + realm + "/users/" + user.id();
        ObjectNode rep = (ObjectNode) env.admin().user(realm, user.id());
        String secret = "adminaddedadminadded";
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofMinutes(1));
            // a change that stores no factor tells nothing; one that stores an authenticator app does
            rep.put("firstName", "Renamed");
            env.admin().put(path, rep).expect(204);
            rep.set("credentials", Json.MAPPER.valueToTree(List.of(Totp.credential(secret))));
            env.admin().put(path, rep).expect(204);
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-sms");
        SMTP.await(user.email(), m -> added.test(m) && SMTP.mails().stream().filter(added).count() == 2);
        assertThat(SMTP.mails().stream().filter(added)).as("one notice per request that stored a factor").hasSize(2)
                .allSatisfy(m -> assertThat(body(m)).doesNotContain(secret));

        // a partial import of a user who holds a factor
        String imported = Names.unique("notice-imported", 8);
        env.admin().post("/admin/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "SKIP", "users", List.of(Map.of(
                "username", imported, "email", imported + "@example.test", "enabled", true,
                "credentials", List.of(Totp.credential(secret)))))).expect(200);
        assertThat(body(SMTP.await(imported + "@example.test", m -> m.subject().contains("An administrator added"))))
                .contains("An administrator added a second factor");
    }
}

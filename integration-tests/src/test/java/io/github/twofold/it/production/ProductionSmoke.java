package io.github.twofold.it.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.ProcessReaper;
import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.integrity.PasswordGrant;
import io.github.twofold.it.integrity.UncheckedSignIns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * What an operator sees after dropping the JAR into a production Keycloak ({@code kc.sh build},
 * {@code start --optimized}, PostgreSQL, behind a proxy): the sign-ins with every kind of factor,
 * the account console, and limits keyed on the client address the proxy reports.
 */
abstract class ProductionSmoke {

    private static final String EMERGENCY_FORM = "kc-twofold-emergency-form";
    private static final String TRUST_COOKIE = "TWOFOLD_TRUSTED_BROWSER";

    /** The server under test (built and started on first use). */
    abstract ProductionServer server(TestEnvironment env);

    @BeforeEach
    void needsPostgres() {
        Databases.assumeAvailable(Cluster.unavailableReason(), getClass().getSimpleName());
    }

    private OidcClient oidc(TestEnvironment env, String realm) {
        return env.oidc(server(env).server().baseUrl(), realm);
    }

    private TestUser userWithPhone(TestEnvironment env, String realm, String prefix) {
        return env.newUserWithPhone(server(env).admin(), realm, prefix);
    }

    @Test
    void runsOptimizedInTheProductionProfileWithoutAVersionWarning(TestEnvironment env) throws Exception {
        ProductionServer prod = server(env);
        String log = prod.server().log();
        assertThat(log).contains("Profile prod activated").contains("Keycloak " + prod.version())
                .as("start --optimized uses the build: no second build at start").doesNotContain("Updating the configuration and installing your custom providers")
                .as("a supported version logs no warning").doesNotContain("Twofold supports Keycloak");
        HttpResponse<String> ready = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(prod.server().managementUrl() + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ready.body()).path("status").asText()).isEqualTo("UP");
        assertThat(prod.admin().serverInfo().path("providers").path("authenticator").path("providers").has("twofold-sms-code"))
                .as("the JAR is installed").isTrue();
    }

    @Test
    void passwordAndSmsCodeGiveLevelTwo(TestEnvironment env) {
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-sms");
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = oidc(env, TestEnvironment.REALM).authRequest();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(oidc(env, TestEnvironment.REALM).redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "sms", "mfa");
    }

    /** The {@code twilio-verify} gateway (Austria on the test servers): Verify's code, checked by Verify, earns level 2. */
    @Test
    void twilioVerifysCodeGivesLevelTwo(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(server(env).admin(), TestEnvironment.REALM, "prod-verify", Phones.austrian());
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = oidc(env, TestEnvironment.REALM).authRequest();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(env.sms().messagesTo(user.phone())).extracting(TwilioStub.Sms::gateway).as(page.document().text())
                .containsExactly("twilio-verify");
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        assertThat(page.isCallback(oidc(env, TestEnvironment.REALM).redirectUri())).as(page.document().text()).isTrue();
        assertThat(env.sms().verifyChecksFor(user.phone())).isEqualTo(1);
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "sms", "mfa");
    }

    /** See {@link io.github.twofold.it.integrity.UncheckedSignIns}: the same on 26.4 (no token post-processor there) as on 26.7. */
    @Test
    void withEveryRequiredActionSwitchedOffNoSignInReachesAnApplicationUntilOneIsBack(TestEnvironment env) {
        ProductionServer prod = server(env);
        UncheckedSignIns.noSignInWhileEveryRequiredActionIsOff(env, prod.admin(), prod.server().baseUrl());
        assertThat(prod.server().log()).as("the refusal is logged").contains("Twofold's checks after sign-in did not run for this session");
    }

    /** See {@link io.github.twofold.it.integrity.BackchannelSignIns}: before 26.6 the token endpoint's answer is what Twofold refuses. */
    @Test
    void aBackchannelSignInGetsNoTokenInARealmThatUsesTwofold(TestEnvironment env) {
        ProductionServer prod = server(env);
        io.github.twofold.it.integrity.BackchannelSignIns.noTokenInARealmThatUsesTwofold(env, prod.admin(), prod.server().baseUrl());
    }

    @Test
    void aBackupCodeSignsInOnce(TestEnvironment env) {
        TestUser user = env.newUser(server(env).admin(), TestEnvironment.REALM, "prod-backup", Map.of());
        List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), oidc(env, TestEnvironment.REALM), user);
        codes.forEach(c -> SecretScanner.get().register("backup code", c));
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = oidc(env, TestEnvironment.REALM).authRequest();
        HttpLogin.Page page = LoginPages.backupCode(login, LoginPages.password(login, login.open(request.url()), user), codes.get(0));
        assertThat(page.document().text()).contains("9 of 10 backup codes left.");
        page = LoginPages.continueAfterBackupCode(login, page);
        assertThat(page.isCallback(oidc(env, TestEnvironment.REALM).redirectUri())).as(page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("pwd", "backup");

        HttpLogin again = env.httpLogin();
        page = LoginPages.password(again, again.open(oidc(env, TestEnvironment.REALM).authRequest().url()), user);
        assertThat(LoginPages.backupCode(again, page, codes.get(0)).errorText()).contains("This backup code was already used.");
    }

    @Test
    void anEmergencyCodeSignsInOnceAndLeadsToSettingUpANewFactor(TestEnvironment env) {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-emergency");
        TestUser helpDesk = env.newUser(prod.admin(), TestEnvironment.REALM, "prod-helpdesk", Map.of());
        prod.admin().assignClientRoles(TestEnvironment.REALM, helpDesk.id(), "realm-management", "view-users", "manage-users",
                "twofold-emergency-access");
        AdminApi asHelpDesk = prod.admin().as(TestEnvironment.REALM, helpDesk.username(), helpDesk.password());
        JsonNode issued = asHelpDesk.post("/admin/realms/" + TestEnvironment.REALM + "/twofold-emergency-access/users/" + user.id(),
                Map.of("reason", "phone lost; ID checked")).expect(201).json();
        String code = issued.path("code").asText();
        SecretScanner.get().register("emergency code", code);
        SecretScanner.get().register("emergency code", code.replace("-", ""));

        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc(env, TestEnvironment.REALM).authRequest().url()), user);
        assertThat(page.document().getElementById(EMERGENCY_FORM)).as(page.document().text()).isNotNull();
        page = login.submit(page, EMERGENCY_FORM, Map.of("code", code, "login", "true"));
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("set up a new factor next: %s", page.document().text()).isNotNull();
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS to the phone reported lost").isEmpty();
    }

    /**
     * An organization's own rules (its {@code twofold.*} attributes) and the call offer work on this
     * Keycloak too: a member without a factor must set one up where the realm requires nobody, also
     * for the password grant; a member with a phone is offered "Call me instead".
     */
    @Test
    void anOrganizationsRulesApplyToItsMembersAndCallsAreOffered(TestEnvironment env) {
        ProductionServer prod = server(env);
        AdminApi admin = prod.admin();
        String realm = TestEnvironment.realmWithPolicy(admin, "prod-orgs", Map.of("secondFactorRequiredFor", "nobody", "secondFactorGraceLogins", "0"),
                Map.of("organizationsEnabled", true, "quickLoginCheckMilliSeconds", 1));
        AdminApi.Response created = admin.post("/admin/realms/" + realm + "/organizations", Map.of("name", "Strict", "alias", "strict",
                "enabled", true, "domains", List.of(Map.of("name", "strict.test")),
                "attributes", Map.of("twofold.secondFactorRequiredFor", List.of("everyone")))).expect(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String strict = location.substring(location.lastIndexOf('/') + 1);
        TestUser member = env.newUser(admin, realm, "prod-org-member", Map.of());
        admin.post("/admin/realms/" + realm + "/organizations/" + strict + "/members", "\"" + member.id() + "\"").expect(201);
        TestUser outsider = env.newUser(admin, realm, "prod-org-outsider", Map.of());

        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc(env, realm).authRequest().url()), member);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(page.document().text()).isNotNull();
        HttpLogin other = env.httpLogin();
        assertThat(LoginPages.password(other, other.open(oidc(env, realm).authRequest().url()), outsider).isCallback(oidc(env, realm).redirectUri()))
                .isTrue();
        OidcClient api = PasswordGrant.apiClient(admin, prod.server().baseUrl(), realm);
        assertThat(PasswordGrant.refused(api, member, Map.of()).path("error_description").asText())
                .isEqualTo("Set up a second factor by signing in with a browser first");

        TestUser withPhone = env.newUserWithPhone(admin, realm, "prod-call");
        HttpLogin phone = env.httpLogin();
        HttpLogin.Page sms = LoginPages.password(phone, phone.open(oidc(env, realm).authRequest().url()), withPhone);
        env.sms().awaitCode(withPhone.phone(), 1);
        assertThat(sms.document().getElementById("twofold-call")).as(sms.document().text()).isNotNull();
    }

    @Test
    void aTrustedBrowserSignsInWithThePasswordAloneUntilTheRealmSignsEveryoneOut(TestEnvironment env) {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-trust");
        OidcClient oidc = oidc(env, TestEnvironment.REALM);
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById("trustBrowser")).as("the offer: " + page.document().text()).isNotNull();
        page = login.submit(page, LoginPages.SMS_FORM, Map.of("code", env.sms().awaitCode(user.phone(), 1), "trustBrowser", "on"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        request.exchange(page.url());
        login.cookie(TRUST_COOKIE).ifPresent(value -> SecretScanner.get().register("trusted-browser cookie", value.substring(value.indexOf('.') + 1)));

        login.forgetCookiesExcept(TRUST_COOKIE);
        request = oidc.authRequest();
        page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.isCallback(oidc.redirectUri())).as("no code asked: " + page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("trusted-browser").doesNotContain("mfa", "sms");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);

        prod.admin().post("/admin/realms/" + TestEnvironment.REALM + "/logout-all", Map.of()).expect(200);
        login.forgetCookiesExcept(TRUST_COOKIE);
        page = LoginPages.password(login, login.open(oidc.authRequest().url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as("the trust ended with everyone's sessions: " + page.document().text())
                .isNotNull();
    }

    @Test
    void thePasswordGrantGivesATokenOnlyWithTheCodeItSent(TestEnvironment env) {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-grant");
        OidcClient api = PasswordGrant.apiClient(prod.admin(), prod.server().baseUrl(), TestEnvironment.REALM);
        assertThat(PasswordGrant.refused(api, user, Map.of()).path("error_description").asText()).contains("sent by text message");
        assertThat(PasswordGrant.refused(api, user, Map.of("otp", "123456", "backup_code", "")).path("error_description").asText())
                .as("codes of factors the user does not hold are no way in").contains("already sent");
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        OidcClient.Tokens tokens = PasswordGrant.token(api, user, Map.of("sms_code", env.sms().awaitCode(user.phone(), 1)));
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("sms", "mfa");
    }

    @Test
    void thePasswordGrantTakesAnAppCodeOrABackupCodeInTheSameRequest(TestEnvironment env) {
        ProductionServer prod = server(env);
        OidcClient api = PasswordGrant.apiClient(prod.admin(), prod.server().baseUrl(), TestEnvironment.REALM);
        String secret = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        TestUser app = env.newUser(prod.admin(), TestEnvironment.REALM, "prod-grant-app", Map.of("credentials", List.of(Totp.credential(secret))));
        String right = Totp.code(secret);
        assertThat(PasswordGrant.refused(api, app, Map.of("otp", right.equals("000000") ? "111111" : "000000")).has("access_token")).isFalse();
        OidcClient.Tokens tokens = PasswordGrant.token(api, app, Map.of("otp", right));
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("otp", "mfa");

        TestUser backup = env.newUser(prod.admin(), TestEnvironment.REALM, "prod-grant-backup", Map.of());
        List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), oidc(env, TestEnvironment.REALM), backup);
        codes.forEach(c -> SecretScanner.get().register("backup code", c));
        tokens = PasswordGrant.token(api, backup, Map.of("backup_code", codes.get(3)));
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("backup", "mfa");
        assertThat(PasswordGrant.refused(api, backup, Map.of("backup_code", codes.get(3))).path("error_description").asText())
                .as("a backup code works once").isNotBlank();
    }

    @Test
    void aPasskeySetUpAtTheFirstSignInIsTheSecondFactorOfTheNext(TestEnvironment env, Browser browser) {
        ProductionServer prod = server(env);
        String realm = TestEnvironment.realmWithPolicy(prod.admin(), "prod-passkey",
                Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0"),
                Map.of("quickLoginCheckMilliSeconds", 1, "webAuthnPolicyPasswordlessPasskeysEnabled", false));
        TestUser user = env.newUser(prod.admin(), realm, "prod-passkey", Map.of());
        VirtualAuthenticator device = browser.addPasskeyDevice();
        try {
            OidcClient oidc = oidc(env, realm);
            OidcClient.AuthRequest first = oidc.authRequest();
            browser.open(first.url());
            LoginPages.password(browser, user);
            browser.waitForText("Passkey or security key");
            LoginPages.setUpPasskeyAndSaveBackupCodes(browser);
            browser.waitForUrl(oidc.redirectUri());
            assertThat(first.exchange(browser.url()).amr()).as("enrolling is not a second factor").doesNotContain("mfa");
            assertThat(prod.admin().credentialTypes(realm, user.id())).contains("webauthn-passwordless", "twofold-backup-codes");

            browser.clearCookies();
            OidcClient.AuthRequest second = oidc.authRequest();
            browser.open(second.url());
            LoginPages.password(browser, user);
            browser.await().until(d -> d.findElements(LoginPages.PASSWORD).isEmpty() && !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty());
            browser.click(By.id("authenticateWebAuthnButton"));
            browser.waitForUrl(oidc.redirectUri());
            OidcClient.Tokens tokens = second.exchange(browser.url());
            assertThat(tokens.amr()).contains("hwk", "mfa").doesNotContain("sms");
            assertThat(tokens.acr()).isEqualTo("2");
        } finally {
            browser.removePasskeyDevice(device);
        }
    }

    /**
     * A Keycloak advisory (CVE-2026-37982): an execute-actions e-mail link registered a security
     * key. Twofold's gate in front of Keycloak's WebAuthn registration asks a user who holds a
     * second factor to verify it first, on every supported version.
     */
    @Test
    void anAdminsActionLinkRegistersNoSecurityKeyWithoutTheSecondFactor(TestEnvironment env) {
        ProductionServer prod = server(env);
        try (SmtpStub smtp = new SmtpStub()) {
            String realm = TestEnvironment.realmWithPolicy(prod.admin(), "prod-action-link", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test")));
            TestUser user = userWithPhone(env, realm, "prod-action-link");
            prod.admin().put("/admin/realms/" + realm + "/users/" + user.id() + "/execute-actions-email", List.of("webauthn-register")).expect(204);
            Pattern linkPattern = Pattern.compile("(http://localhost:\\d+/realms/[^\\s\"<>]+/login-actions/action-token\\?key=[^\\s\"<>]+)");
            Matcher link = linkPattern.matcher(smtp.await(user.email(), m -> linkPattern.matcher(m.text()).find()).text());
            assertThat(link.find()).isTrue();
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = login.open(link.group(1).replace("&amp;", "&"));
            org.jsoup.nodes.Element proceed = page.document().selectFirst("a[href*=login-actions/action-token]");
            if (proceed != null) { // Keycloak's "perform the following actions" page
                page = login.open(proceed.absUrl("href"));
            }
            assertThat(page.document().getElementById("kc-twofold-confirm-form")).as("confirm it is you first: %s", page.document().text()).isNotNull();
            assertThat(page.document().getElementById("register")).isNull();
            assertThat(prod.admin().credentialTypes(realm, user.id())).containsExactlyInAnyOrder("password", "twofold-sms");
        }
    }

    /**
     * The e-mailed fallback code on every supported version: "Try another way" lists it for a user
     * the policy offers it to (Keycloak evaluates the sub-flow's condition when it builds the list),
     * the code signs in at level 2 with {@code amr} {@code email}, and the list of a user the policy
     * does not offer it to has no such entry.
     */
    @Test
    void anEmailedCodeIsOfferedWhereThePolicySaysAndSignsInWithAmrEmail(TestEnvironment env) {
        ProductionServer prod = server(env);
        try (SmtpStub smtp = new SmtpStub()) {
            String realm = TestEnvironment.realmWithPolicy(prod.admin(), "prod-mail-code", Map.of("emailCodeFallback", "true",
                    "phishingResistantGroups", "/admins"), Map.of("quickLoginCheckMilliSeconds", 1,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test")));
            TestUser user = userWithPhone(env, realm, "prod-mail-code");
            TestUser member = userWithPhone(env, realm, "prod-mail-member");
            prod.admin().joinGroup(realm, member.id(), prod.admin().createGroup(realm, "admins"));
            OidcClient oidc = oidc(env, realm);

            HttpLogin other = env.httpLogin();
            HttpLogin.Page memberPage = LoginPages.password(other, other.open(oidc.authRequest().url()), member);
            assertThat(memberPage.document().getElementById(LoginPages.SMS_FORM)).as(memberPage.document().text()).isNotNull();
            assertThat(memberPage.document().getElementById("kc-select-try-another-way-form")).as("the member's phone is the only way").isNull();

            OidcClient.AuthRequest request = oidc.authRequest();
            HttpLogin login = env.httpLogin();
            HttpLogin.Page list = login.submit(LoginPages.password(login, login.open(request.url()), user), "kc-select-try-another-way-form", Map.of());
            HttpLogin.Page page = LoginPages.chooseOtherWay(login, list, "Code by e-mail");
            Matcher code = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$").matcher(smtp.await(user.email(), m -> m.subject().contains("Your sign-in code")).text());
            assertThat(code.find()).isTrue();
            SecretScanner.get().register("e-mailed code", code.group(1));
            page = login.submit(page, "kc-twofold-email-form", Map.of("code", code.group(1), "login", "true"));
            assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
            OidcClient.Tokens tokens = request.exchange(page.url());
            assertThat(tokens.acr()).isEqualTo("2");
            assertThat(tokens.amr()).contains("email", "mfa");
        }
    }

    /**
     * The self-service recovery on every supported version: "I lost my phone or app" is listed, its
     * e-mailed code starts the waiting period (the page says when it ends, the admin API lists it),
     * and a sign-in with the phone ends it.
     */
    @Test
    void aLostPhoneRecoveryStartsItsWaitingPeriodAndTheFoundPhoneEndsIt(TestEnvironment env) {
        ProductionServer prod = server(env);
        try (SmtpStub smtp = new SmtpStub()) {
            String realm = TestEnvironment.realmWithPolicy(prod.admin(), "prod-recovery", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test")));
            TestUser user = userWithPhone(env, realm, "prod-recovery");
            OidcClient oidc = oidc(env, realm);
            HttpLogin login = env.httpLogin();
            HttpLogin.Page list = login.submit(LoginPages.password(login, login.open(oidc.authRequest().url()), user), "kc-select-try-another-way-form", Map.of());
            HttpLogin.Page page = LoginPages.chooseOtherWay(login, list, "I lost my phone or app");
            Matcher code = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$").matcher(smtp.await(user.email(), m -> m.subject().contains("Your account recovery code")).text());
            assertThat(code.find()).isTrue();
            SecretScanner.get().register("e-mailed code", code.group(1));
            page = login.submit(page, "kc-twofold-recovery-form", Map.of("code", code.group(1), "login", "true"));
            assertThat(page.document().text()).as(page.document().text()).contains("Your account recovery is under way");
            String path = "/admin/realms/" + realm + "/twofold-emergency-access/users/" + user.id() + "/recovery";
            assertThat(prod.admin().get(path).expect(200).json().path("open").asBoolean()).isTrue();

            HttpLogin phone = env.httpLogin();
            HttpLogin.Page sms = LoginPages.password(phone, phone.open(oidc.authRequest().url()), user);
            HttpLogin.Page done = LoginPages.code(phone, sms, env.sms().awaitCode(user.phone(), 2));
            assertThat(done.isCallback(oidc.redirectUri())).as(done.document().text()).isTrue();
            assertThat(prod.admin().get(path).expect(200).json().path("open").asBoolean()).as("the phone works: no recovery").isFalse();
        }
    }

    /** The app API's endpoints answer (Keycloak renamed a CORS method in 26.5: Twofold falls back on 26.4). */
    @Test
    void theAppApiAnswersWithCors(TestEnvironment env) throws Exception {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-app");
        OidcClient oidc = oidc(env, TestEnvironment.REALM);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        String token = request.exchange(page.url()).accessToken();
        String api = prod.server().baseUrl() + "/realms/" + TestEnvironment.REALM + "/twofold/account/";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> factors = http.send(HttpRequest.newBuilder(URI.create(api + "factors")).header("Authorization", "Bearer " + token)
                .header("Origin", "http://localhost:8081").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(factors.statusCode()).as(factors.body()).isEqualTo(200);
        assertThat(factors.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8081");
        assertThat(factors.body()).contains("\"sms\"").doesNotContain(user.phone().substring(3));
        HttpResponse<String> codes = http.send(HttpRequest.newBuilder(URI.create(api + "backup-codes")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(201);
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(codes.body()).path("codes")
                .forEach(c -> SecretScanner.get().register("backup code", c.asText()));
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(api + "factors")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // every other endpoint on this version: an authenticator app, a new phone, removing the app, the preflight, the description
        JsonNode started = appApi(http, api, token, "POST", "totp", null, 201);
        String secret = started.path("secret").asText();
        SecretScanner.get().register("app secret", secret);
        appApi(http, api, token, "POST", "totp/confirm", Map.of("enrollment", started.path("enrollment").asText(), "code", Totp.code(secret)), 201);
        String newPhone = Phones.random();
        appApi(http, api, token, "POST", "phone", Map.of("phone", newPhone), 202);
        appApi(http, api, token, "POST", "phone/confirm", Map.of("code", env.sms().awaitCode(newPhone, 1)), 201);
        JsonNode after = appApi(http, api, token, "GET", "factors", null, 200);
        assertThat(after.toString()).contains(Phones.masked(newPhone)).doesNotContain(Phones.masked(user.phone()));
        String appId = java.util.stream.StreamSupport.stream(after.path("factors").spliterator(), false)
                .filter(f -> "app".equals(f.path("kind").asText())).findFirst().orElseThrow().path("id").asText();
        appApi(http, api, token, "DELETE", "factors/" + appId, null, 204);
        assertThat(appApi(http, api, token, "GET", "factors", null, 200).toString()).doesNotContain("\"app\"");
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(api + "factors")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8081").header("Access-Control-Request-Method", "DELETE").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("DELETE");
        assertThat(appApi(http, api, null, "GET", "openapi.json", null, 200).path("openapi").asText()).startsWith("3.1");
    }

    /** One app API call with the demo app's origin; its JSON answer, after checking the status. */
    private static JsonNode appApi(HttpClient http, String api, String token, String method, String path, Map<String, String> body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Origin", "http://localhost:8081")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(
                        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return answer.body().isBlank() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    }

    /**
     * Keycloak advisories reported second factors removed through the Account REST API without a
     * second factor; Twofold's gate answers 403 on every supported version, and the e-mail address
     * does not change either.
     */
    @Test
    void aPasswordOnlyTokenRemovesNoFactorAndChangesNoEmailThroughTheAccountApi(TestEnvironment env) {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-account");
        OidcClient oidc = oidc(env, TestEnvironment.REALM);
        OidcClient.AuthRequest request = oidc.authRequest(Map.of("acr_values", "1"));
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("1");
        String phone = null;
        for (JsonNode c : prod.admin().credentials(TestEnvironment.REALM, user.id())) {
            if (c.path("type").asText().equals("twofold-sms")) {
                phone = c.path("id").asText();
            }
        }
        AccountApi account = new AccountApi(prod.server().baseUrl(), TestEnvironment.REALM);
        AccountApi.Response removal = account.delete(tokens.accessToken(), phone);
        assertThat(removal.status()).as(removal.body()).isEqualTo(403);
        AccountApi.Response moved = account.updateProfile(tokens.accessToken(), Map.of("username", user.username(),
                "email", "moved-" + user.email(), "firstName", "Test", "lastName", "User"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(403);
        assertThat(prod.admin().credentialTypes(TestEnvironment.REALM, user.id())).contains("twofold-sms");
        assertThat(prod.admin().user(TestEnvironment.REALM, user.id()).path("email").asText()).isEqualTo(user.email());
    }

    @Test
    void theAccountConsoleListsThePhoneMasked(TestEnvironment env, Browser browser) {
        ProductionServer prod = server(env);
        TestUser user = userWithPhone(env, TestEnvironment.REALM, "prod-account");
        browser.open(prod.server().baseUrl() + "/realms/" + TestEnvironment.REALM + "/account/account-security/signing-in");
        LoginPages.password(browser, user);
        String code = env.sms().awaitCode(user.phone(), 1);
        LoginPages.code(browser, code);
        browser.waitForText("Text message (SMS)");
        browser.waitForText(Phones.display(user.phone()));
        assertThat(browser.pageSource()).doesNotContain(user.phone().substring(3));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()",
                browser.find(org.openqa.selenium.By.xpath("//*[contains(text(),'Text message (SMS)')]")));
        browser.screenshot("production-" + prod.version() + "-account-signing-in");
    }

    @Test
    void theSmsBudgetPerAddressUsesTheAddressTheProxyReports(TestEnvironment env) {
        ProductionServer prod = server(env);
        String realm = TestEnvironment.realmWithPolicy(prod.admin(), "prod-ip", Map.of("smsPerIpPerHour", "2"), Map.of("quickLoginCheckMilliSeconds", 1));
        List<TestUser> users = List.of(userWithPhone(env, realm, "prod-ip"), userWithPhone(env, realm, "prod-ip"), userWithPhone(env, realm, "prod-ip"));
        for (int i = 0; i < 2; i++) {
            HttpLogin login = env.httpLogin().header("X-Forwarded-For", "10.20.30.40");
            HttpLogin.Page page = LoginPages.password(login, login.open(oidc(env, realm).authRequest().url()), users.get(i));
            assertThat(page.document().text()).contains("We sent a 6-digit code");
        }
        HttpLogin sameAddress = env.httpLogin().header("X-Forwarded-For", "10.20.30.40");
        HttpLogin.Page refused = LoginPages.password(sameAddress, sameAddress.open(oidc(env, realm).authRequest().url()), users.get(2));
        assertThat(refused.errorText()).contains("Too many codes requested");
        assertThat(env.sms().messagesTo(users.get(2).phone())).isEmpty();

        HttpLogin otherAddress = env.httpLogin().header("X-Forwarded-For", "10.20.30.41");
        HttpLogin.Page sent = LoginPages.password(otherAddress, otherAddress.open(oidc(env, realm).authRequest().url()), users.get(2));
        assertThat(sent.document().text()).as("another client behind the same proxy has its own budget").contains("We sent a 6-digit code");
    }

    /**
     * "A sign-in to your account from a new network", with the address the proxy reports: the
     * first network quietly, another address of the same /24 quietly, a new /24 in the same browser
     * once, and a new browser from yet another network only the new-browser notice. (Private
     * addresses: the realm requires HTTPS for any other, and the proxy here speaks plain HTTP.)
     */
    @Test
    void aSignInFromANewNetworkIsToldOnceWhenTheRealmAsks(TestEnvironment env) {
        ProductionServer prod = server(env);
        String subject = "A sign-in to your account from a new network";
        try (SmtpStub smtp = new SmtpStub()) {
            NoticedSignIns run = NoticedSignIns.of(env, prod, smtp, "prod-network", Map.of("newNetworkEmails", "true"), subject);
            TestUser user = run.user();

            run.browser().header("X-Forwarded-For", "10.20.30.7");
            run.signIn();
            run.browser().header("X-Forwarded-For", "10.20.30.200");
            run.signIn();
            assertThat(run.notices()).as("the first network, and another address in it").isZero();

            run.browser().header("X-Forwarded-For", "10.20.99.9");
            run.signIn();
            SmtpStub.Mail mail = smtp.await(user.email(), m -> m.subject().contains(subject));
            assertThat(mail.text()).contains("10.20.99.0/24").contains("/twofold/not-me?t=").doesNotContain(user.phone());
            run.signIn();
            assertThat(run.notices()).as("that network is known from now on").isEqualTo(1);

            HttpLogin other = env.httpLogin().header("X-Forwarded-For", "10.77.1.33");
            OidcClient oidc = oidc(env, run.realm());
            HttpLogin.Page page = passwordAgain(prod, run.realm(), other, other.open(oidc.authRequest().url()), user);
            assertThat(LoginPages.code(other, page, env.sms().awaitCode(user.phone(), ++run.nth()[0])).isCallback(oidc.redirectUri())).isTrue();
            smtp.await(user.email(), m -> m.subject().contains("A new browser signed in to your account"));
            assertThat(run.notices()).as("a new browser on a new network: one notice, the new browser's").isEqualTo(1);
            assertThat(prod.admin().userEvents(run.realm(), user.id()).toString()).contains("new_network_sign_in").contains("10.20.99.0/24");
        }
    }

    /**
     * "A sign-in to your account from a new country", with the address the proxy reports and the
     * operator's GeoIP database (the suite's test database: 127.0.0.1 Germany, 127.0.0.2 France):
     * the first country quietly, then France once, naming it. MaxMind's reader is bundled in the
     * JAR, so this runs on each supported Keycloak.
     */
    @Test
    void aSignInFromANewCountryIsToldOnceNamingTheCountry(TestEnvironment env) {
        ProductionServer prod = server(env);
        String subject = "A sign-in to your account from a new country";
        try (SmtpStub smtp = new SmtpStub()) {
            NoticedSignIns run = NoticedSignIns.of(env, prod, smtp, "prod-country", Map.of("newCountryEmails", "true"), subject);
            run.browser().header("X-Forwarded-For", "127.0.0.1");
            run.signIn();
            assertThat(run.notices()).as("the first country, remembered quietly").isZero();
            run.browser().header("X-Forwarded-For", "127.0.0.2");
            run.signIn();
            SmtpStub.Mail mail = smtp.await(run.user().email(), m -> m.subject().contains(subject));
            assertThat(mail.text()).contains("(France, FR)").contains("/twofold/not-me?t=").doesNotContain(run.user().phone());
            run.signIn();
            assertThat(run.notices()).as("France is known from now on").isEqualTo(1);
            assertThat(prod.admin().userEvents(run.realm(), run.user().id()).toString()).contains("new_country_sign_in").contains("FR");
        }
    }

    /**
     * The password of a user who signed in a moment ago. Keycloak's default brute-force detector
     * (which the production servers keep) records a sign-in on a background thread and answers the
     * same user's next password, posted before it has finished, as for a locked account
     * ({@code user_temporarily_disabled}): a person signing in seconds apart never meets that, a test
     * posting within milliseconds on a busy machine does. The password is then posted again once
     * the detector has finished, bounded; any other answer is returned as it is.
     */
    static HttpLogin.Page passwordAgain(ProductionServer prod, String realm, HttpLogin login, HttpLogin.Page start, TestUser user) {
        HttpLogin.Page page = LoginPages.password(login, start, user);
        for (int tries = 0; tries < 40 && page.document().getElementById(LoginPages.PASSWORD_FORM) != null; tries++) {
            JsonNode latest = prod.admin().userEvents(realm, user.id()).path(0);
            if (!"LOGIN_ERROR".equals(latest.path("type").asText()) || !"user_temporarily_disabled".equals(latest.path("error").asText())) {
                break;
            }
            ProcessReaper.sleep(250);
            page = LoginPages.password(login, page, user);
        }
        return page;
    }

    /**
     * A realm with mail to {@code smtp} and these policy settings, a user with a phone in it, and
     * that user's sign-ins (password and the n-th SMS code) in one browser that keeps only its
     * device cookie between them; {@link #notices} counts the user's mails with {@code subject}.
     */
    private record NoticedSignIns(TestEnvironment env, ProductionServer prod, SmtpStub smtp, String realm, TestUser user, HttpLogin browser,
                                  int[] nth, String subject) {

        static NoticedSignIns of(TestEnvironment env, ProductionServer prod, SmtpStub smtp, String prefix, Map<String, String> policy,
                                 String subject) {
            String realm = TestEnvironment.realmWithPolicy(prod.admin(), prefix, policy, Map.of("quickLoginCheckMilliSeconds", 1,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test")));
            return new NoticedSignIns(env, prod, smtp, realm, env.newUserWithPhone(prod.admin(), realm, prefix), env.httpLogin(),
                    new int[] {0}, subject);
        }

        /** The password and the next SMS code. */
        void signIn() {
            OidcClient oidc = env.oidc(prod.server().baseUrl(), realm);
            HttpLogin.Page page = passwordAgain(prod, realm, browser, browser.open(oidc.authRequest().url()), user);
            page = LoginPages.code(browser, page, env.sms().awaitCode(user.phone(), ++nth[0]));
            assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
            browser.forgetCookiesExcept("TWOFOLD_BROWSER");
        }

        long notices() {
            return smtp.mails().stream().filter(m -> m.to().contains(user.email()) && m.subject().contains(subject)).count();
        }
    }
}

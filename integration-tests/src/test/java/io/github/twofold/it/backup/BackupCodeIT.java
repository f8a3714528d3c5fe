package io.github.twofold.it.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Burst;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Backup codes: creation, any order, single use, exhaustion, regeneration, races. */
@TwofoldTest
class BackupCodeIT {

    private static final Map<String, String> CREATE_CODES = Map.of("kc_action", "twofold-backup-codes");

    /** A user without any second factor creates a set through the page; returns its codes. */
    static List<String> createCodes(TestEnvironment env, String realm, TestUser user) {
        return LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), user);
    }

    /** Password, then a backup code; returns the page after the code. */
    static HttpLogin.Page loginWithCode(TestEnvironment env, String realm, TestUser user, String code) {
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(page.document().getElementById(LoginPages.BACKUP_FORM)).as(page.document().text()).isNotNull();
        return LoginPages.backupCode(login, page, code);
    }

    @Test
    void codesAreShownOnceWithCopyDownloadPrintAndActiveOnlyAfterConfirmation(TestEnvironment env, Browser browser) {
        TestUser user = env.newUser("backup-create");
        browser.open(env.oidc().authRequest(CREATE_CODES).url());
        LoginPages.password(browser, user);
        browser.waitForText("Save your backup codes");
        List<String> shown = browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).stream().map(e -> e.getText().trim()).toList();
        shown.forEach(code -> io.github.twofold.it.harness.SecretScanner.get().register("backup code", code));
        assertThat(shown).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"));
        assertThat(browser.has(By.id("twofold-copy"))).isTrue();
        assertThat(browser.has(By.id("twofold-download"))).isTrue();
        assertThat(browser.has(By.id("twofold-print"))).isTrue();
        browser.click(By.id("twofold-copy"));
        browser.waitForText("Copied");
        browser.screenshot("backup-codes");
        assertThat(env.admin().credentialTypes(TestEnvironment.REALM, user.id())).as("nothing active before the confirmation")
                .doesNotContain("twofold-backup-codes");

        // a reload shows the same set, not a new one
        browser.driver().navigate().refresh();
        browser.waitForText("Save your backup codes");
        assertThat(browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).stream().map(e -> e.getText().trim()).toList())
                .isEqualTo(shown);

        browser.click(By.id("saved")).click(By.id("twofold-confirm"));
        browser.waitForUrl(env.oidc().redirectUri());
        assertThat(env.admin().credentialTypes(TestEnvironment.REALM, user.id())).contains("twofold-backup-codes");
        assertThat(env.admin().credentials(TestEnvironment.REALM, user.id()).toString())
                .doesNotContain(shown.get(0)).doesNotContain(shown.get(0).replace("-", ""));
        assertThat(env.admin().userEvents(TestEnvironment.REALM, user.id())).anySatisfy(e ->
                assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("backup_codes_created"));
    }

    @Test
    void continuingWithoutTickingSavedKeepsTheSameCodesAndStoresNothing(TestEnvironment env) {
        TestUser user = env.newUser("backup-unconfirmed");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc().authRequest(CREATE_CODES).url()), user);
        List<String> shown = LoginPages.shownBackupCodes(page);
        page = login.submit(page, LoginPages.BACKUP_CODES_FORM, Map.of("confirm", "true"));
        assertThat(page.errorText()).contains("Confirm that you saved the codes before you continue.");
        assertThat(LoginPages.shownBackupCodes(page)).isEqualTo(shown);
        assertThat(env.admin().credentialTypes(TestEnvironment.REALM, user.id())).doesNotContain("twofold-backup-codes");
        page = LoginPages.confirmBackupCodes(login, page);
        assertThat(page.isCallback(env.oidc().redirectUri())).isTrue();
    }

    @Test
    void anyOrderAnyCaseSingleUseAndTheCountIsRight(TestEnvironment env) {
        String realm = env.realmWithPolicy("backup-order", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUser(realm, "backup-order", Map.of());
        List<String> codes = createCodes(env, realm, user);

        HttpLogin.Page page = loginWithCode(env, realm, user, codes.get(2));
        assertThat(page.document().text()).contains("You signed in with a backup code").contains("9 of 10 backup codes left.");
        HttpLogin login = env.httpLogin();
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        page = LoginPages.password(login, login.open(request.url()), user);
        // typed the way people do: lower case, spaces for dashes, an O for a 0 and an l for a 1
        String sloppy = codes.get(0).toLowerCase(Locale.ROOT).replace("-", " ").replace('0', 'O').replace('1', 'l');
        page = LoginPages.backupCode(login, page, sloppy);
        assertThat(page.document().text()).contains("8 of 10 backup codes left.");
        page = LoginPages.continueAfterBackupCode(login, page);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("pwd", "backup");

        page = loginWithCode(env, realm, user, codes.get(2));
        assertThat(page.errorText()).contains("This backup code was already used.");
        page = loginWithCode(env, realm, user, "AAAA-BBBB-CCCC-DDDD");
        assertThat(page.errorText()).contains("Invalid backup code.");
        assertThat(env.admin().recordedFailures(realm, user.id(), 2)).isEqualTo(2);
        assertThat(env.admin().userEvents(realm, user.id())).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("LOGIN_ERROR");
            assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("backup_code");
            assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("already_used");
        });
    }

    @Test
    void theLastCodeForcesANewSetAndTheNewSetReplacesEveryOldCode(TestEnvironment env) {
        String realm = env.realmWithPolicy("backup-last", Map.of("backupCodeCount", "5"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUser(realm, "backup-last", Map.of());
        List<String> codes = createCodes(env, realm, user);
        for (int i = 0; i < 4; i++) {
            assertThat(loginWithCode(env, realm, user, codes.get(i)).document().text()).contains((4 - i) + " of 5 backup codes left.");
        }
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        page = LoginPages.backupCode(login, page, codes.get(4));
        assertThat(page.document().text()).contains("You used your last backup code");
        List<String> fresh = LoginPages.shownBackupCodes(page);
        assertThat(fresh).hasSize(5).doesNotContainAnyElementsOf(codes);

        // leaving without saving: the next login still demands the new set
        HttpLogin again = env.httpLogin();
        HttpLogin.Page next = LoginPages.password(again, again.open(env.oidc(realm).authRequest().url()), user);
        assertThat(next.document().text()).as("no codes left: the step is skipped, the action is still required")
                .contains("You used your last backup code");
        fresh = LoginPages.shownBackupCodes(next);
        next = LoginPages.confirmBackupCodes(again, next);
        assertThat(next.isCallback(env.oidc(realm).redirectUri())).isTrue();

        assertThat(loginWithCode(env, realm, user, codes.get(1)).errorText()).contains("Invalid backup code.");
        assertThat(loginWithCode(env, realm, user, fresh.get(3)).document().text()).contains("4 of 5 backup codes left.");
    }

    @Test
    void regeneratingNeedsAFreshSecondFactorAndKillsEveryOldCode(TestEnvironment env) {
        String realm = env.realmWithPolicy("backup-regen", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUser(realm, "backup-regen", Map.of());
        List<String> old = createCodes(env, realm, user);

        // fresh second factor (a backup code), then "create a new set" from the notice page
        HttpLogin.Page page;
        HttpLogin login = env.httpLogin();
        page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        page = LoginPages.backupCode(login, page, old.get(5));
        page = login.submit(page, LoginPages.BACKUP_LEFT_FORM, Map.of("new-set", "true"));
        assertThat(page.document().text()).contains("Your new backup codes").contains("replace all your old backup codes");
        List<String> fresh = LoginPages.shownBackupCodes(page);
        page = LoginPages.confirmBackupCodes(login, page);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isTrue();

        for (String unused : List.of(old.get(0), old.get(9))) {
            assertThat(loginWithCode(env, realm, user, unused).errorText()).contains("Invalid backup code.");
        }
        assertThat(loginWithCode(env, realm, user, fresh.get(0)).document().text()).contains("9 of 10 backup codes left.");
    }

    @Test
    void aPasswordOnlySessionCannotRegenerate(TestEnvironment env) {
        String realm = env.realmWithPolicy("backup-pw-only", Map.of());
        env.admin().usePasswordOnlyBrowserFlow(realm);
        TestUser user = env.newUser(realm, "backup-pw-only", Map.of());
        List<String> codes = createCodes(env, realm, user); // first set: nothing to protect yet
        String before = env.admin().credentials(realm, user.id()).toString();

        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest(CREATE_CODES).url()), user);
        assertThat(page.document().text()).contains("Confirm it is you");
        assertThat(page.document().select("#twofold-backup-codes-list li")).isEmpty();
        String action = page.form("kc-twofold-confirm-form").absUrl("action");
        page = login.postForm(action, Map.of("saved", "on", "confirm", "true"));
        assertThat(page.document().text()).contains("Confirm it is you");
        assertThat(env.admin().credentials(realm, user.id()).toString()).isEqualTo(before);
        assertThat(codes).hasSize(10);
    }

    @Test
    void twentyFiveParallelLoginsWithOneCodeSucceedExactlyOnce(TestEnvironment env) throws Exception {
        // Keycloak's brute-force detection off and generous Twofold limits, so that many attempts really
        // are evaluated at the same time and only the single-use store stands between them
        String realm = env.realmWithPolicy("backup-race", Map.of("secondFactorFailuresBeforeDelay", "20",
                        "secondFactorFailuresBeforeLock", "99", "secondFactorFailuresPerIpPerHour", "100000"),
                Map.of("bruteForceProtected", false));
        for (int round = 0; round < 3; round++) {
            TestUser user = env.newUser(realm, "backup-race", Map.of());
            String code = createCodes(env, realm, user).get(round);
            String server = env.baseUrl();
            List<HttpLogin.Page> pages = Burst.atOnce(env, 25, i -> env.oidc(realm).authRequest().url(), user, LoginPages.BACKUP_FORM,
                    i -> Map.of("code", code, "login", "true"), i -> server);
            assertThat(pages).allSatisfy(p -> assertThat(p.status()).isLessThan(500));
            List<String> successes = pages.stream().map(p -> p.document().text()).filter(t -> t.contains("backup codes left")).toList();
            long alreadyUsed = pages.stream().filter(p -> p.errorText().contains("already used")).count();
            assertThat(successes).as("round %d: logins that got in with one code", round + 1).hasSize(1);
            assertThat(successes.get(0)).as("exactly one code used").contains("9 of 10 backup codes left.");
            assertThat(alreadyUsed).as("round %d: parallel attempts that were evaluated and found the code used", round + 1)
                    .isGreaterThanOrEqualTo(5);
        }
    }
}

package io.github.twofold.it.harness;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import java.util.Map;
import org.openqa.selenium.By;

/** What a person does on the login pages, in Chromium and at form level. */
public final class LoginPages {

    public static final By USERNAME = By.id("username");
    public static final By PASSWORD = By.id("password");
    public static final By LOGIN = By.id("kc-login");
    public static final By CODE = By.id("code");
    public static final By RESEND = By.id("twofold-resend");
    public static final By FIELD_ERROR = By.cssSelector("[id^=input-error]");
    public static final By ALERT = By.cssSelector(".kc-feedback-text");
    public static final String SMS_FORM = "kc-twofold-sms-form";
    public static final String PASSWORD_FORM = "kc-form-login";
    public static final String PHONE_FORM = "kc-twofold-phone-form";
    public static final String VERIFY_PHONE_FORM = "kc-twofold-verify-form";
    public static final String BACKUP_FORM = "kc-twofold-backup-form";
    public static final String BACKUP_CODES_FORM = "kc-twofold-backup-codes-form";
    public static final String BACKUP_LEFT_FORM = "kc-twofold-backup-left-form";
    public static final String CHOOSE_FORM = "kc-twofold-choose-form";
    public static final String TOTP_FORM = "kc-totp-settings-form";

    private LoginPages() {
    }

    public static void password(Browser browser, TestUser user) {
        browser.type(USERNAME, user.username()).type(PASSWORD, user.password()).click(LOGIN);
    }

    /** Types {@code code} and sends it; returns once the answer's page has replaced the form. */
    public static void code(Browser browser, String code) {
        browser.type(CODE, code).submit(LOGIN);
    }

    /**
     * On "Set up two-step sign-in": chooses a passkey, registers it with the browser's (virtual)
     * device, and confirms the backup codes shown next (registered as secrets); ends where the
     * sign-in goes on.
     */
    public static void setUpPasskeyAndSaveBackupCodes(Browser browser) {
        browser.click(By.id("twofold-method-passkey"));
        browser.click(By.id("registerWebAuthn"));
        browser.await().until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept(); // Keycloak asks for a label
        browser.waitForText("Save your backup codes");
        browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).forEach(e -> SecretScanner.get().register("backup code", e.getText().trim()));
        browser.click(By.id("saved")).click(By.id("twofold-confirm"));
    }

    /** Chooses a method on Keycloak's "Try another way" list by its headline. */
    public static void chooseMethod(Browser browser, String headline) {
        browser.click(By.id("try-another-way"));
        browser.click(By.xpath("//*[@role='button'][.//h2[contains(normalize-space(),'" + headline + "')]]"));
    }

    /** On Keycloak's "Try another way" list (HTTP): the entry whose headline contains {@code heading}. */
    public static HttpLogin.Page chooseOtherWay(HttpLogin login, HttpLogin.Page page, String heading) {
        org.jsoup.nodes.Element entry = page.document().select("li").stream().filter(li -> li.text().contains(heading)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + heading + "' on " + page.document().text()));
        org.jsoup.nodes.Element form = entry.selectFirst("form");
        return login.postForm(form.absUrl("action"),
                Map.of("authenticationExecution", form.selectFirst("input[name=authenticationExecution]").attr("value")));
    }

    /** Text of the field error and the alert, whichever the page shows. */
    public static String errors(Browser browser) {
        StringBuilder sb = new StringBuilder();
        browser.findAll(FIELD_ERROR).forEach(e -> sb.append(e.getText()).append(' '));
        browser.findAll(ALERT).forEach(e -> sb.append(e.getText()).append(' '));
        return sb.toString().trim();
    }

    // ---- form level

    public static HttpLogin.Page password(HttpLogin login, HttpLogin.Page page, TestUser user) {
        return login.submit(page, PASSWORD_FORM, Map.of("username", user.username(), "password", user.password()));
    }

    public static HttpLogin.Page code(HttpLogin login, HttpLogin.Page page, String code) {
        return login.submit(page, SMS_FORM, Map.of("code", code, "login", "true"));
    }

    public static HttpLogin.Page phone(HttpLogin login, HttpLogin.Page page, String phone) {
        return login.submit(page, PHONE_FORM, Map.of("phone", phone));
    }

    public static HttpLogin.Page verifyPhone(HttpLogin login, HttpLogin.Page page, String code) {
        return login.submit(page, VERIFY_PHONE_FORM, Map.of("code", code));
    }

    public static HttpLogin.Page backupCode(HttpLogin login, HttpLogin.Page page, String code) {
        return login.submit(page, BACKUP_FORM, Map.of("code", code, "login", "true"));
    }

    /** The codes a backup-codes page shows (registered with the secret scanner). */
    public static java.util.List<String> shownBackupCodes(HttpLogin.Page page) {
        java.util.List<String> codes = page.document().select("#twofold-backup-codes-list li").eachText();
        codes.forEach(code -> {
            SecretScanner.get().register("backup code", code);
            SecretScanner.get().register("backup code", code.replace("-", ""));
        });
        return codes;
    }

    /** Ticks "I have saved these codes" and continues. */
    public static HttpLogin.Page confirmBackupCodes(HttpLogin login, HttpLogin.Page page) {
        return login.submit(page, BACKUP_CODES_FORM, Map.of("saved", "on", "confirm", "true"));
    }

    /** On "Set up two-step sign-in": picks {@code app} or {@code sms}. */
    public static HttpLogin.Page chooseSetUpMethod(HttpLogin login, HttpLogin.Page page, String method) {
        return login.submit(page, CHOOSE_FORM, Map.of("method", method));
    }

    /** Signs in through the "create backup codes" application-initiated action, confirms the set, returns it. */
    public static java.util.List<String> createBackupCodes(HttpLogin login, OidcClient client, TestUser user) {
        HttpLogin.Page page = password(login, login.open(client.authRequest(Map.of("kc_action", "twofold-backup-codes")).url()), user);
        java.util.List<String> codes = shownBackupCodes(page);
        if (codes.isEmpty()) {
            throw new AssertionError("no backup codes shown:\n" + Json.abbreviate(page.document().text()));
        }
        page = confirmBackupCodes(login, page);
        if (!page.isCallback(client.redirectUri())) {
            throw new AssertionError("not back at the application after confirming the codes:\n" + Json.abbreviate(page.document().text()));
        }
        return codes;
    }

    /** After a backup-code login: "n of m codes left", continue. */
    public static HttpLogin.Page continueAfterBackupCode(HttpLogin login, HttpLogin.Page page) {
        return login.submit(page, BACKUP_LEFT_FORM, Map.of("continue", "true"));
    }
}

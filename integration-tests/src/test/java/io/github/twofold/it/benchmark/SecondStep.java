package io.github.twofold.it.benchmark;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.HttpLogin.Page;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TwilioStub;
import java.util.Map;

/** What follows the password in a benchmark flow, and how a virtual user answers it. */
enum SecondStep {

    NONE(null),
    /** Keycloak's "Allow access": a step that does nothing, the flow engine's floor for one more execution. */
    NO_OP("allow-access-authenticator"),
    KEYCLOAK_OTP("auth-otp-form"),
    KEYCLOAK_RECOVERY_CODE("auth-recovery-authn-code-form"),
    TWOFOLD_SMS("twofold-sms-code"),
    TWOFOLD_BACKUP_CODE("twofold-backup-code"),
    /** A browser the account trusted earlier: the step checks its cookie and shows nothing. */
    TWOFOLD_TRUSTED_BROWSER("twofold-trusted-browser");

    /** Keycloak's form ids and field names (keycloak.v2 login theme). */
    static final String OTP_FORM = "kc-otp-login-form";
    static final String RECOVERY_FORM = "kc-recovery-code-login-form";

    final String authenticator;

    SecondStep(String authenticator) {
        this.authenticator = authenticator;
    }

    boolean interactive() {
        return this != NONE && this != NO_OP && this != TWOFOLD_TRUSTED_BROWSER;
    }

    /** Answers the second step's page (the one the password led to). */
    Page answer(HttpLogin login, Page page, BenchUser user, TwilioStub sms) {
        return switch (this) {
            case NONE, NO_OP, TWOFOLD_TRUSTED_BROWSER -> page;
            case KEYCLOAK_OTP -> login.submit(page, OTP_FORM, Map.of("otp", user.totpCode()));
            case KEYCLOAK_RECOVERY_CODE -> login.submit(page, RECOVERY_FORM, Map.of("recoveryCodeInput", user.code));
            // Gateways are called before the page is rendered, and each account logs in once.
            case TWOFOLD_SMS -> LoginPages.code(login, page, sms.lastTwilioCodeTo(user.phone));
            case TWOFOLD_BACKUP_CODE -> LoginPages.backupCode(login, page, user.code);
        };
    }

    /**
     * A page after the answer that a user passes with one click: Twofold's "n backup codes left"
     * notice, or the new set Twofold insists on when none is left. Null when there is none.
     */
    static Page afterAnswer(HttpLogin login, Page page) {
        if (page.body().contains("id=\"" + LoginPages.BACKUP_LEFT_FORM + "\"")) {
            return LoginPages.continueAfterBackupCode(login, page);
        }
        if (page.body().contains("id=\"" + LoginPages.BACKUP_CODES_FORM + "\"")) {
            return LoginPages.confirmBackupCodes(login, page);
        }
        return null;
    }
}

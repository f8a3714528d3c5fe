package io.github.twofold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import org.junit.jupiter.api.Test;

/** Keycloak's account console lists Twofold's methods under "Signing in", the phone masked, with working names. */
@TwofoldTest
class AccountConsoleIT {

    @Test
    void signingInListsThePhoneMaskedAndOffersBackupCodes(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("account", java.util.Map.of());
        TestUser user = env.newUserWithPhone(realm, "account");
        browser.open(env.baseUrl() + "/realms/" + realm + "/account/account-security/signing-in");
        LoginPages.password(browser, user);
        String code = env.sms().awaitCode(user.phone(), 1);
        LoginPages.code(browser, code);

        browser.waitForText("Text message (SMS)");
        browser.waitForText(Phones.display(user.phone()));
        assertThat(browser.text()).contains("Backup codes").contains("Get a one-time code by text message on your phone.")
                .contains("Set up Backup codes").doesNotContain("display-name");
        assertThat(browser.pageSource()).doesNotContain(user.phone().substring(3));
        browser.screenshot("account-signing-in");
    }
}

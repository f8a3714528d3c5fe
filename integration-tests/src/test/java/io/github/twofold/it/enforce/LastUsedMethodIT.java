package io.github.twofold.it.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The second factor a user chose last time ("Try another way") is the one offered first next time. */
@TwofoldTest
class LastUsedMethodIT {

    private static final String OTP_FORM = "kc-otp-login-form";

    @Test
    void theMethodChosenWithTryAnotherWayIsOfferedFirstNextTime(TestEnvironment env) {
        // a realm of its own: its SMS do not count against the demo realm's budgets the other tests share
        String realm = env.realmWithPolicy("last-used", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhoneAndTotp(realm, "last-used");
        // SMS comes first in the user's credential order: switch to the app, then back to SMS
        switchAndSignIn(env, user, true);
        switchAndSignIn(env, user, false);
    }

    /**
     * Signs in where the second-factor page first offers SMS ({@code smsShown}) or the app,
     * chooses the other method with "Try another way" and signs in with it; the next sign-in must
     * offer that method first.
     */
    private static void switchAndSignIn(TestEnvironment env, TestUser user, boolean smsShown) {
        OidcClient oidc = env.oidc(user.realm());
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest().url()), user);
        assertThat(page.document().getElementById(smsShown ? LoginPages.SMS_FORM : OTP_FORM)).as(page.document().text()).isNotNull();
        int smsBefore = env.sms().messagesTo(user.phone()).size();
        page = login.submit(page, "kc-select-try-another-way-form", Map.of());
        page = LoginPages.chooseOtherWay(login, page, smsShown ? "Authenticator Application" : "Text message");
        if (smsShown) {
            page = login.submit(page, OTP_FORM, Map.of("otp", Totp.code(user.totpSecret())));
        } else {
            page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), smsBefore + 1));
        }
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();

        int sent = env.sms().messagesTo(user.phone()).size();
        HttpLogin next = env.httpLogin();
        HttpLogin.Page first = LoginPages.password(next, next.open(oidc.authRequest().url()), user);
        String expected = smsShown ? OTP_FORM : LoginPages.SMS_FORM;
        assertThat(first.document().getElementById(expected)).as("the method used last comes first: " + first.document().text()).isNotNull();
        if (smsShown) {
            assertThat(env.sms().messagesTo(user.phone())).as("no SMS when the app comes first").hasSize(sent);
        }
    }
}

package io.github.twofold.it.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Step-up with {@code acr_values}: the demo realm maps level 1 to the password and level 2 to the
 * second factor, and the tokens say which level was reached.
 */
@TwofoldTest
class StepUpIT {

    /** Types the code of the first SMS to the user's phone (registered with the secret scanner). */
    private static HttpLogin.Page firstSmsCode(TestEnvironment env, HttpLogin browser, HttpLogin.Page page, TestUser user) {
        String code = env.sms().awaitCode(user.phone(), 1);
        return LoginPages.code(browser, page, code);
    }

    @Test
    void aPasswordOnlySessionAskingForLevelTwoGetsOnlyTheSecondStepAndAnAcrTwoToken(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("step-up");
        OidcClient oidc = env.oidc();
        HttpLogin browser = env.httpLogin();

        OidcClient.AuthRequest level1 = oidc.authRequest(Map.of("acr_values", "1"));
        HttpLogin.Page page = LoginPages.password(browser, browser.open(level1.url()), user);
        assertThat(page.isCallback(oidc.redirectUri())).as("level 1 is the password alone: " + page.document().text()).isTrue();
        OidcClient.Tokens first = level1.exchange(page.url());
        assertThat(first.acr()).isEqualTo("1");
        assertThat(first.amr()).contains("pwd").doesNotContain("sms", "mfa");
        assertThat(env.sms().messagesTo(user.phone())).isEmpty();

        OidcClient.AuthRequest level2 = oidc.authRequest(Map.of("acr_values", "2"));
        page = browser.open(level2.url());
        assertThat(page.document().getElementById(LoginPages.PASSWORD_FORM)).as("the session's password counts").isNull();
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        page = firstSmsCode(env, browser, page, user);
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens second = level2.exchange(page.url());
        assertThat(second.acr()).isEqualTo("2");
        assertThat(second.amr()).contains("sms", "mfa");
    }

    @Test
    void withoutAcrValuesTheLoginAsksForBothStepsAndSaysLevelTwo(TestEnvironment env) {
        TestUser user = env.newUserWithPhone("no-acr");
        OidcClient.AuthRequest request = env.oidc().authRequest();
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
        page = firstSmsCode(env, browser, page, user);
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("pwd", "sms", "mfa");
    }

    @Test
    void levelTwoForAUserWithoutASecondFactorMeansSettingOneUpNowEvenOutsideThePolicy(TestEnvironment env) {
        TestUser user = env.newUser("step-up-none");
        OidcClient.AuthRequest plain = env.oidc().authRequest();
        HttpLogin first = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(first, first.open(plain.url()), user);
        assertThat(page.isCallback(env.oidc().redirectUri())).as("outside the policy: password alone").isTrue();

        OidcClient.AuthRequest level2 = env.oidc().authRequest(Map.of("acr_values", "2"));
        HttpLogin browser = env.httpLogin();
        page = LoginPages.password(browser, browser.open(level2.url()), user);
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("no level 2 with the password alone: " + page.document().text()).isNotNull();
        HttpLogin.Page forged = browser.postForm(page.form(LoginPages.CHOOSE_FORM).absUrl("action"), Map.of("later", "true"));
        assertThat(forged.isCallback(env.oidc().redirectUri())).as("no postponing a step-up").isFalse();
    }
}

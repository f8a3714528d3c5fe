package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Sign-ins the integrity tests start from: a browser (cookie jar) and the tokens it got. */
public record SignIns(HttpLogin browser, OidcClient.Tokens tokens) {

    /** The password alone: the application asks for level 1 ({@code acr_values=1}). */
    public static SignIns passwordOnly(TestEnvironment env, String realm, TestUser user) {
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest(Map.of("acr_values", "1"));
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
        assertThat(page.isCallback(oidc.redirectUri())).as("level 1 is the password alone: " + page.document().text()).isTrue();
        SignIns signIn = new SignIns(browser, request.exchange(page.url()));
        assertThat(signIn.tokens().acr()).isEqualTo("1");
        return signIn;
    }

    /** Password and the code of the n-th SMS to the user's phone. */
    public static SignIns withSms(TestEnvironment env, String realm, TestUser user, int nthSms) {
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
        page = LoginPages.code(browser, page, smsCode(env, user, nthSms));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        return new SignIns(browser, request.exchange(page.url()));
    }

    /** The code of the n-th SMS to the user (registered with the secret scanner). */
    public static String smsCode(TestEnvironment env, TestUser user, int nth) {
        return env.sms().awaitCode(user.phone(), nth);
    }

    /** The id of the user's first credential of this type. */
    public static String credentialId(TestEnvironment env, String realm, TestUser user, String type) {
        return StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals(type)).findFirst().orElseThrow().path("id").asText();
    }

    /** The page an application-initiated action opens in this browser. */
    public HttpLogin.Page action(TestEnvironment env, String realm, String kcAction, Map<String, String> extra) {
        Map<String, String> params = new java.util.HashMap<>(extra);
        params.put("kc_action", kcAction);
        return browser.open(env.oidc(realm).authRequest(params).url());
    }
}

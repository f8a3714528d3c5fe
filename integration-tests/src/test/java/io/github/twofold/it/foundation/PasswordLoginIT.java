package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

@TwofoldTest
class PasswordLoginIT {

    @Test
    void userWithoutSecondFactorLogsInWithPasswordAndTheAppGetsAnIdToken(TestEnvironment env, Browser browser) {
        TestUser user = env.newUser("pwd");
        OidcClient.AuthRequest request = env.oidc().authRequest();

        browser.open(request.url());
        assertThat(browser.title()).contains("Twofold demo");
        browser.type(By.id("username"), user.username()).type(By.id("password"), user.password()).click(By.id("kc-login"));
        browser.waitForUrl(env.oidc().redirectUri());

        OidcClient.Tokens tokens = request.exchange(browser.url());
        assertThat(tokens.idClaims().path("preferred_username").asText()).isEqualTo(user.username());
        assertThat(tokens.idClaims().path("azp").asText()).isEqualTo(TestEnvironment.CLIENT);
    }

    @Test
    void wrongPasswordShowsAnErrorAndIssuesNothing(TestEnvironment env, Browser browser) {
        TestUser user = env.newUser("pwd");
        browser.open(env.oidc().authRequest().url());
        browser.type(By.id("username"), user.username()).type(By.id("password"), "wrong").click(By.id("kc-login"));
        browser.waitForText("Invalid username or password");
        assertThat(browser.url()).doesNotStartWith(env.oidc().redirectUri());
    }
}

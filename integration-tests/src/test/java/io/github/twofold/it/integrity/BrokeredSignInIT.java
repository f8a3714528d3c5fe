package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.Browser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Identity brokering: a person signs in at another identity provider (here a second realm of the
 * same server, through Keycloak's OIDC broker) into an account that holds a second factor. With no
 * Twofold step in the provider's post login flow, nothing verified that factor: the token claims
 * neither the second-factor level nor a factor in {@code amr}, and a user the policy requires to
 * have a second factor gets no session that way.
 */
@TwofoldTest
class BrokeredSignInIT {

    private static final String SECRET = "twofold-broker-secret-4711";
    private static final String PASSWORD = "Upstream-Passw0rd!";

    /** A realm that uses Twofold with an identity provider, and an account there (with a phone) linked to a person at the provider. */
    private record Brokered(String realm, String upstream, String upstreamUser, TestUser user) {
    }

    @Test
    void aSignInThroughAnIdentityProviderClaimsNoSecondFactor(TestEnvironment env) {
        // the policy requires nobody here, so the sign-in completes
        Brokered b = brokered(env, Map.of("secondFactorRequiredFor", "nobody"));
        for (String acr : List.of("1", "2")) {
            OidcClient oidc = env.oidc(b.realm());
            OidcClient.AuthRequest request = oidc.authRequest(Map.of("acr_values", acr));
            HttpLogin.Page page = throughTheProvider(env, b, env.httpLogin(), request);
            assertThat(page.isCallback(oidc.redirectUri())).as("acr_values=" + acr + ": " + page.document().text()).isTrue();
            OidcClient.Tokens tokens = request.exchange(page.url());
            assertThat(tokens.accessClaims().path("sub").asText()).isEqualTo(b.user().id());
            assertThat(tokens.acr()).as("acr_values=" + acr).isEqualTo("1");
            assertThat(tokens.amr()).as("acr_values=" + acr).doesNotContain("sms", "otp", "mfa", "hwk");
        }
        assertThat(env.admin().credentialTypes(b.realm(), b.user().id())).as("nothing was added or removed").contains("twofold-sms");
    }

    @Test
    void aUserThePolicyRequiresGetsNoSessionThroughAnIdentityProviderThatAsksForNoSecondFactor(TestEnvironment env, Browser browser) {
        Brokered b = brokered(env, Map.of("secondFactorRequiredFor", "everyone"));
        OidcClient oidc = env.oidc(b.realm());
        browser.open(oidc.authRequest().url());
        browser.click(By.id("social-upstream"));
        browser.waitForUrl(env.baseUrl() + "/realms/" + b.upstream() + "/");
        browser.type(LoginPages.USERNAME, b.upstreamUser()).type(LoginPages.PASSWORD, PASSWORD).click(LoginPages.LOGIN);
        browser.waitForText("signing in through this identity provider does not ask for it");
        browser.screenshot("brokered-sign-in-refused");
        assertThat(browser.url()).as("no code for the application").doesNotStartWith(oidc.redirectUri());
        assertThat(browser.has(By.id(LoginPages.CHOOSE_FORM))).as("no set-up offered instead").isFalse();
        assertThat(env.admin().userEvents(b.realm(), b.user().id()).toString()).containsOnlyOnce("brokered_sign_in_refused");

        // the refused sign-in left no session in this browser for a silent or a fresh request to reuse
        browser.open(oidc.authRequest(Map.of("prompt", "none")).url());
        browser.waitForUrl(oidc.redirectUri());
        assertThat(browser.url()).as("prompt=none").contains("error=login_required").doesNotContain("code=");
        browser.open(oidc.authRequest(Map.of("max_age", "3600")).url());
        assertThat(browser.has(By.id("social-upstream"))).as("max_age: the sign-in page again").isTrue();
        // the provider still has its session and signs the person in without a password: refused again
        browser.click(By.id("social-upstream"));
        browser.waitForText("signing in through this identity provider does not ask for it");
        assertThat(browser.url()).doesNotStartWith(oidc.redirectUri());
        assertThat(env.admin().userEvents(b.realm(), b.user().id()).toString().split("brokered_sign_in_refused", -1)).hasSize(3);

        // the password and the phone still work
        SignIns signIn = SignIns.withSms(env, b.realm(), b.user(), 1);
        assertThat(signIn.tokens().amr()).contains("sms", "mfa");
        assertThat(env.admin().credentialTypes(b.realm(), b.user().id())).containsOnlyOnce("twofold-sms");
    }

    private static Brokered brokered(TestEnvironment env, Map<String, String> policy) {
        String upstream = Names.unique("broker-up", 8);
        env.admin().post("/admin/realms", Map.of("realm", upstream, "enabled", true)).expect(201);
        env.admin().post("/admin/realms/" + upstream + "/clients", Map.of("clientId", "twofold-broker", "publicClient", false,
                "secret", SECRET, "redirectUris", List.of("*"), "standardFlowEnabled", true)).expect(201);
        String upstreamUser = Names.unique("bob", 8);
        String upstreamId = env.admin().createUser(upstream, upstreamUser, PASSWORD,
                Map.of("email", upstreamUser + "@upstream.example", "emailVerified", true, "firstName", "Bob", "lastName", "Upstream"));

        String realm = env.realmWithPolicy("broker", policy);
        String protocol = env.baseUrl() + "/realms/" + upstream + "/protocol/openid-connect";
        env.admin().post("/admin/realms/" + realm + "/identity-provider/instances", Map.of("alias", "upstream", "providerId", "oidc",
                "enabled", true, "config", Map.of("authorizationUrl", protocol + "/auth", "tokenUrl", protocol + "/token",
                        "clientId", "twofold-broker", "clientSecret", SECRET, "clientAuthMethod", "client_secret_post",
                        "syncMode", "IMPORT", "validateSignature", "false", "defaultScope", "openid"))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "broker");
        env.admin().post("/admin/realms/" + realm + "/users/" + user.id() + "/federated-identity/upstream",
                Map.of("identityProvider", "upstream", "userId", upstreamId, "userName", upstreamUser)).expect(204);
        return new Brokered(realm, upstream, upstreamUser, user);
    }

    /** From the realm's sign-in page through the provider's: the page the realm answers with afterwards. */
    private static HttpLogin.Page throughTheProvider(TestEnvironment env, Brokered b, HttpLogin browser, OidcClient.AuthRequest request) {
        HttpLogin.Page page = browser.open(request.url());
        // the realm's sign-in page offers the provider; the person picks it
        String link = page.document().getElementById("social-upstream").attr("href");
        page = browser.open(link.startsWith("http") ? link : env.baseUrl() + link);
        assertThat(page.url()).as("the provider's sign-in page").contains("/realms/" + b.upstream() + "/");
        return browser.submit(page, LoginPages.PASSWORD_FORM, Map.of("username", b.upstreamUser(), "password", PASSWORD));
    }
}

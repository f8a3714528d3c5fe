package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Identity brokering: a person signs in at another identity provider (here a second realm of the
 * same server, through Keycloak's OIDC broker) into an account that holds a second factor. With no
 * Twofold step in the provider's post login flow, nothing verified that factor, so the token
 * claims neither the second-factor level nor a factor in {@code amr}, whatever the application
 * asks for.
 */
@TwofoldTest
class BrokeredSignInIT {

    private static final String SECRET = "twofold-broker-secret-4711";
    private static final String PASSWORD = "Upstream-Passw0rd!";

    @Test
    void aSignInThroughAnIdentityProviderClaimsNoSecondFactor(TestEnvironment env) {
        String upstream = "broker-up-" + UUID.randomUUID().toString().substring(0, 8);
        env.admin().post("/admin/realms", Map.of("realm", upstream, "enabled", true)).expect(201);
        env.admin().post("/admin/realms/" + upstream + "/clients", Map.of("clientId", "twofold-broker", "publicClient", false,
                "secret", SECRET, "redirectUris", List.of("*"), "standardFlowEnabled", true)).expect(201);
        String upstreamUser = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        String upstreamId = env.admin().createUser(upstream, upstreamUser, PASSWORD,
                Map.of("email", upstreamUser + "@upstream.example", "emailVerified", true, "firstName", "Bob", "lastName", "Upstream"));

        // who must have a second factor has one; the policy does not require it here, so the sign-in completes
        String realm = env.realmWithPolicy("broker", Map.of("secondFactorRequiredFor", "nobody"));
        String protocol = env.baseUrl() + "/realms/" + upstream + "/protocol/openid-connect";
        env.admin().post("/admin/realms/" + realm + "/identity-provider/instances", Map.of("alias", "upstream", "providerId", "oidc",
                "enabled", true, "config", Map.of("authorizationUrl", protocol + "/auth", "tokenUrl", protocol + "/token",
                        "clientId", "twofold-broker", "clientSecret", SECRET, "clientAuthMethod", "client_secret_post",
                        "syncMode", "IMPORT", "validateSignature", "false", "defaultScope", "openid"))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "broker");
        env.admin().post("/admin/realms/" + realm + "/users/" + user.id() + "/federated-identity/upstream",
                Map.of("identityProvider", "upstream", "userId", upstreamId, "userName", upstreamUser)).expect(204);

        for (String acr : List.of("1", "2")) {
            OidcClient oidc = env.oidc(realm);
            OidcClient.AuthRequest request = oidc.authRequest(Map.of("acr_values", acr));
            HttpLogin browser = env.httpLogin();
            HttpLogin.Page page = browser.open(request.url());
            // the realm's sign-in page offers the provider; the person picks it
            String link = page.document().getElementById("social-upstream").attr("href");
            page = browser.open(link.startsWith("http") ? link : env.baseUrl() + link);
            assertThat(page.url()).as("the upstream provider's sign-in page").contains("/realms/" + upstream + "/");
            page = browser.submit(page, LoginPages.PASSWORD_FORM, Map.of("username", upstreamUser, "password", PASSWORD));
            assertThat(page.isCallback(oidc.redirectUri())).as("acr_values=" + acr + ": " + page.document().text()).isTrue();
            OidcClient.Tokens tokens = request.exchange(page.url());
            assertThat(tokens.accessClaims().path("sub").asText()).isEqualTo(user.id());
            assertThat(tokens.acr()).as("acr_values=" + acr).isEqualTo("1");
            assertThat(tokens.amr()).as("acr_values=" + acr).doesNotContain("sms", "otp", "mfa", "hwk");
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).as("nothing was added or removed").contains("twofold-sms");
    }
}

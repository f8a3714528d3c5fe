package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Twofold's checks after sign-in run from the triggers of its required actions; an admin who
 * switches every required action off does not switch the checks off: no sign-in reaches an
 * application (browser in any protocol and response mode, the session cookie of an earlier
 * sign-in, the password grant) until one that carries them is enabled again. One scenario, run on
 * each Keycloak the suite starts (the token endpoint's hook differs: a token post-processor from
 * 26.6, the token endpoint's answer before).
 */
public final class UncheckedSignIns {

    private UncheckedSignIns() {
    }

    public static void noSignInWhileEveryRequiredActionIsOff(TestEnvironment env, AdminApi admin, String baseUrl) {
        String realm = TestEnvironment.realmWithPolicy(admin, "state-unchecked", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        String actions = "/admin/realms/" + realm + "/authentication/required-actions/";
        List<ObjectNode> switchedOff = new ArrayList<>();
        admin.get(actions).expect(200).json().forEach(action -> {
            if (action.path("enabled").asBoolean()) {
                ObjectNode off = ((ObjectNode) action).deepCopy().put("enabled", false);
                admin.put(actions + action.path("alias").asText(), off).expect(204);
                switchedOff.add(off);
            }
        });
        assertThat(switchedOff).extracting(a -> a.path("alias").asText()).contains("twofold-set-up-2fa", "CONFIGURE_TOTP");
        TestUser user = env.newUserWithPhone(admin, realm, "state-unchecked");
        OidcClient oidc = env.oidc(baseUrl, realm);
        String redirect = URLEncoder.encode(oidc.redirectUri(), StandardCharsets.UTF_8);
        admin.post("/admin/realms/" + realm + "/clients", Map.of("clientId", "implicit-app", "publicClient", true,
                "implicitFlowEnabled", true, "standardFlowEnabled", true, "redirectUris", List.of(oidc.redirectUri()))).expect(201);
        admin.post("/admin/realms/" + realm + "/clients", Map.of("clientId", "saml-app", "protocol", "saml", "redirectUris", List.of(oidc.redirectUri()),
                "attributes", Map.of("saml_idp_initiated_sso_url_name", "saml-app", "saml_assertion_consumer_url_post", oidc.redirectUri(),
                        "saml.client.signature", "false"))).expect(201);
        String samlSignIn = baseUrl + "/realms/" + realm + "/protocol/saml/clients/saml-app";

        // a browser sign-in with the right code: a page instead of the authorization code
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest().url()), user);
        paused(LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1)), oidc);
        // the same browser again, signed in by its session cookie: every protocol and response mode
        paused(login.open(oidc.authRequest().url()), oidc);
        String implicit = baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=implicit-app&scope=openid&nonce=n-4711&state=s-4711&redirect_uri=" + redirect;
        for (String mode : List.of("response_type=id_token%20token", "response_type=code%20id_token&response_mode=form_post",
                "response_type=id_token&response_mode=fragment.jwt")) {
            paused(login.open(implicit + "&" + mode), oidc);
        }
        paused(login.open(samlSignIn), oidc);

        OidcClient api = PasswordGrant.apiClient(admin, baseUrl, realm);
        PasswordGrant.refused(api, user, Map.of());
        JsonNode grant = PasswordGrant.refused(api, user, Map.of("sms_code", env.sms().awaitCode(user.phone(), 2)));
        assertThat(grant.path("error_description").asText()).as("the code was right; the checks did not run").contains("twofold-set-up-2fa");

        ObjectNode back = switchedOff.stream().filter(a -> a.path("alias").asText().equals("twofold-set-up-2fa")).findFirst().orElseThrow();
        admin.put(actions + "twofold-set-up-2fa", back.deepCopy().put("enabled", true)).expect(204);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin again = env.httpLogin();
        page = LoginPages.password(again, again.open(request.url()), user);
        page = LoginPages.code(again, page, env.sms().awaitCode(user.phone(), 3));
        assertThat(request.exchange(page.url()).amr()).contains("sms", "mfa");
        HttpLogin.Page assertion = again.open(samlSignIn);
        assertThat(assertion.status()).as(assertion.body()).isEqualTo(200);
        assertThat(assertion.body()).as("the SAML sign-in of a checked session").contains("SAMLResponse");
    }

    /** The sign-in ended on Twofold's page: no redirect to the application, nothing in the page that carries a sign-in. */
    private static void paused(HttpLogin.Page page, OidcClient oidc) {
        assertThat(page.isCallback(oidc.redirectUri())).as("no redirect to the application: " + page.url()).isFalse();
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.document().text()).contains("twofold-set-up-2fa");
        assertThat(page.body()).doesNotContain("SAMLResponse").doesNotContain("access_token").doesNotContain("id_token").doesNotContain("eyJ");
    }
}

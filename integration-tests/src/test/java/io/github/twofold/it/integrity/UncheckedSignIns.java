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
 * switches every required action off does not switch the checks off: no sign-in gets a token
 * (browser or password grant) until one that carries them is enabled again. One scenario, run on
 * each Keycloak the suite starts (the hook differs: a token post-processor from 26.6, the token
 * endpoint's answer before).
 */
public final class UncheckedSignIns {

    private UncheckedSignIns() {
    }

    /**
     * @param implicitRefused whether tokens handed out with the authorization response (implicit
     *     flow) are refused too: only where Keycloak has a hook before every token (26.6 and later)
     */
    public static void noTokenWhileEveryRequiredActionIsOff(TestEnvironment env, AdminApi admin, String baseUrl, boolean implicitRefused) {
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

        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        HttpResponse<String> refused = request.exchangeResponse(page.url());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Json.parse(refused.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(Json.parse(refused.body()).path("error_description").asText()).contains("twofold-set-up-2fa");
        assertThat(refused.body()).doesNotContain("access_token");

        OidcClient api = PasswordGrant.apiClient(admin, baseUrl, realm);
        PasswordGrant.refused(api, user, Map.of());
        JsonNode grant = PasswordGrant.refused(api, user, Map.of("sms_code", env.sms().awaitCode(user.phone(), 2)));
        assertThat(grant.path("error_description").asText()).as("the code was right; the checks did not run").contains("twofold-set-up-2fa");

        if (implicitRefused) {
            // the implicit flow hands tokens out with the authorization response: a page says no instead
            admin.post("/admin/realms/" + realm + "/clients", Map.of("clientId", "implicit-app", "publicClient", true,
                    "implicitFlowEnabled", true, "standardFlowEnabled", false, "redirectUris", List.of(oidc.redirectUri()))).expect(201);
            HttpLogin implicit = env.httpLogin();
            page = LoginPages.password(implicit, implicit.open(baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=implicit-app"
                    + "&response_type=id_token%20token&scope=openid&nonce=n-4711&state=s-4711&redirect_uri="
                    + URLEncoder.encode(oidc.redirectUri(), StandardCharsets.UTF_8)), user);
            page = LoginPages.code(implicit, page, env.sms().awaitCode(user.phone(), 3));
            assertThat(page.isCallback(oidc.redirectUri())).as("no tokens in a redirect: " + page.url()).isFalse();
            assertThat(page.status()).as(page.document().text()).isEqualTo(400);
            assertThat(page.document().text()).contains("twofold-set-up-2fa");
        }

        ObjectNode back = switchedOff.stream().filter(a -> a.path("alias").asText().equals("twofold-set-up-2fa")).findFirst().orElseThrow();
        admin.put(actions + "twofold-set-up-2fa", back.deepCopy().put("enabled", true)).expect(204);
        request = oidc.authRequest();
        HttpLogin again = env.httpLogin();
        page = LoginPages.password(again, again.open(request.url()), user);
        page = LoginPages.code(again, page, env.sms().awaitCode(user.phone(), implicitRefused ? 4 : 3));
        assertThat(request.exchange(page.url()).amr()).contains("sms", "mfa");
    }
}

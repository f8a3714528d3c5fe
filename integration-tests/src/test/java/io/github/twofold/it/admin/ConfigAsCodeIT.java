package io.github.twofold.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import io.github.twofold.it.harness.RealmKeys;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Config as code: a realm's Twofold parts (the policy component, the flows with Twofold's steps, the
 * required actions) leave the server in Keycloak's own partial export and come back in a realm
 * import, and the imported realm signs in with them, with the policy the admin had set.
 */
@TwofoldTest
class ConfigAsCodeIT {

    private static final String POLICY_TYPE = "io.github.twofold.policy.TwofoldPolicyProvider";

    @Test
    void aRealmsTwofoldPartsSurviveKeycloaksPartialExportAndImport(TestEnvironment env) {
        String source = env.realmWithPolicy("exported", Map.of("smsCodeLength", "8", "backupCodeCount", "12"));
        ObjectNode exported = (ObjectNode) env.admin().post("/admin/realms/" + source
                + "/partial-export?exportClients=true&exportGroupsAndRoles=true", Map.of()).expect(200).json();
        assertThat(policy(exported).path("smsCodeLength").toString()).isEqualTo("[\"8\"]");

        String copy = Names.unique("imported", 8);
        exported.put("realm", copy);
        withoutIds(exported); // a second realm on the same database: Keycloak gives everything new ids
        // the export masks the realm's private keys; the copy gets keys of its own, as a realm moved to another server would
        ((ObjectNode) exported.path("components")).remove("org.keycloak.keys.KeyProvider");
        RealmKeys.give(exported);
        env.admin().post("/admin/realms", exported).expect(201);

        JsonNode imported = env.admin().get("/admin/realms/" + copy + "/components?type=" + POLICY_TYPE).json();
        assertThat(imported).hasSize(1);
        assertThat(imported.get(0).path("config").path("smsCodeLength").toString()).isEqualTo("[\"8\"]");
        assertThat(imported.get(0).path("config").path("backupCodeCount").toString()).isEqualTo("[\"12\"]");
        JsonNode actions = env.admin().get("/admin/realms/" + copy + "/authentication/required-actions").json();
        assertThat(actions.findValuesAsText("alias")).contains("twofold-set-up-2fa", "twofold-set-up-phone", "twofold-backup-codes");
        assertThat(env.admin().get("/admin/realms/" + copy).json().path("browserFlow").asText()).isEqualTo("twofold browser");

        // the imported realm asks for the second factor, with the policy's 8-digit codes
        TestUser user = env.newUserWithPhone(copy, "imported");
        OidcClient oidc = env.oidc(copy);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(request.url()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        String code = env.sms().awaitCode(user.phone(), 1);
        assertThat(code).hasSize(8);
        page = LoginPages.code(browser, page, code);
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("sms", "mfa");
    }

    private static JsonNode policy(JsonNode realm) {
        for (JsonNode component : realm.path("components").path(POLICY_TYPE)) {
            return component.path("config");
        }
        throw new AssertionError("no Twofold policy in the export: " + realm.path("components"));
    }

    private static void withoutIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("id");
            object.remove("containerId");
            object.remove("parentId");
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                withoutIds(it.next());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ConfigAsCodeIT::withoutIds);
        }
    }
}

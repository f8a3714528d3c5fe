package io.github.twofold.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The realm policy as the "Twofold" tab under Realm settings in Keycloak's admin console. */
@TwofoldTest
class PolicyTabIT {

    /** Selects a field's text and types over it (React inputs ignore a plain value change). */
    private static final class WebElementHelper {
        static void replace(Browser browser, By field, String text) {
            org.openqa.selenium.WebElement input = browser.find(field);
            input.click();
            input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"));
            input.sendKeys(text);
        }
    }

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";

    private static List<JsonNode> components(TestEnvironment env, String realm, String type) {
        JsonNode all = env.admin().get("/admin/realms/" + realm + "/components?type=" + type).expect(200).json();
        List<JsonNode> list = new java.util.ArrayList<>();
        all.forEach(list::add);
        return list;
    }

    @Test
    void theTabShowsThePolicyInForceWithHelpTexts(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("tab", Map.of("smsCodeLength", "7"));

        browser.open(env.baseUrl() + "/admin/master/console/#/" + realm + "/realm-settings/twofold");
        browser.type(LoginPages.USERNAME, "admin").type(LoginPages.PASSWORD, "admin").click(LoginPages.LOGIN);
        browser.waitForText("SMS code length");
        browser.await().until(d -> !d.findElements(By.cssSelector("input[value='7']")).isEmpty());
        assertThat(browser.text()).contains("Twofold").contains("Second factor required for").contains("Grace until (date)");
        browser.screenshot("admin-twofold-tab");

        // a change saved in the tab is the policy in force (the console adds its route parameters; they are dropped)
        WebElementHelper.replace(browser, By.cssSelector("input[value='7']"), "8");
        browser.click(By.cssSelector("[data-testid=save]"));
        browser.waitForText("Saved successfully");
        JsonNode tab = components(env, realm, TAB_TYPE).get(0);
        assertThat(tab.path("config").path("smsCodeLength").get(0).asText()).isEqualTo("8");
        assertThat(tab.path("config").has("realm")).isFalse();
        assertThat(tab.path("config").path("secondFactorRequiredFor").get(0).asText()).as("the rest kept").isEqualTo("listed");
    }

    @Test
    void aPolicyStoredTheEarlierWayIsMovedIntoTheTabAndBadValuesAreRefused(TestEnvironment env) {
        String realm = ("tab-move-" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase();
        Map<String, Object> legacy = Map.of("name", "Twofold policy", "providerId", "twofold-policy",
                "config", Map.of("smsCodeLength", List.of("8")));
        env.admin().post("/admin/realms", Map.of("realm", realm, "enabled", true,
                "components", Map.of("io.github.twofold.policy.TwofoldPolicyProvider", List.of(legacy)))).expect(201);

        assertThat(components(env, realm, "io.github.twofold.policy.TwofoldPolicyProvider")).isEmpty();
        List<JsonNode> tab = components(env, realm, TAB_TYPE);
        assertThat(tab).hasSize(1);
        assertThat(tab.get(0).path("providerId").asText()).isEqualTo("Twofold");
        assertThat(tab.get(0).path("config").path("smsCodeLength").get(0).asText()).isEqualTo("8");

        com.fasterxml.jackson.databind.node.ObjectNode bad = (com.fasterxml.jackson.databind.node.ObjectNode) tab.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.path("config")).putArray("smsCodeLength").add("99");
        AdminApi.Response refused = env.admin().put("/admin/realms/" + realm + "/components/" + bad.path("id").asText(), bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("SMS code length must be between 6 and 8");
        assertThat(components(env, realm, TAB_TYPE).get(0).path("config").path("smsCodeLength").get(0).asText()).as("nothing lost").isEqualTo("8");

        AdminApi.Response second = env.admin().post("/admin/realms/" + realm + "/components",
                Map.of("name", "Twofold", "providerId", "Twofold", "providerType", TAB_TYPE, "parentId", tab.get(0).path("parentId").asText(),
                        "config", Map.of()));
        assertThat(second.status()).as(second.body()).isEqualTo(400);
        assertThat(Json.abbreviate(second.body())).contains("one Twofold policy");
    }
}

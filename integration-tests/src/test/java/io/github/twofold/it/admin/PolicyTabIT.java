package io.github.twofold.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The realm policy in the "Twofold" tab under Realm settings in Keycloak's admin console, which
 * Keycloak shows only with its experimental feature {@code declarative-ui}: the rest of the suite
 * runs without it; the run's second server and the oldest supported Keycloak's production server
 * turn it on. The policy itself is stored as Twofold's own component; the tab mirrors it both ways.
 * Each scenario runs on the suite's Keycloak and on the oldest supported one.
 */
@TwofoldTest(otherServers = {OtherServer.SECOND, OtherServer.OLDEST})
class PolicyTabIT {

    private static final String POLICY_TYPE = "io.github.twofold.policy.TwofoldPolicyProvider";
    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";

    /** A server with the console feature and its admin API. */
    private record Console(String baseUrl, AdminApi admin) {
    }

    private static Console suites(TestEnvironment env) {
        KeycloakServer second = env.secondServer();
        return new Console(second.baseUrl(), new AdminApi(second.baseUrl()));
    }

    private static Console oldest(TestEnvironment env) {
        Databases.assumeAvailable(Cluster.unavailableReason(), "PolicyTabIT on the oldest Keycloak");
        ProductionServer prod = ProductionServer.oldest(env);
        return new Console(prod.server().baseUrl(), prod.admin());
    }

    private static List<JsonNode> components(AdminApi admin, String realm, String type) {
        List<JsonNode> list = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/components?type=" + type).expect(200).json().forEach(list::add);
        return list;
    }

    private static String setting(JsonNode component, String key) {
        return component.path("config").path(key).get(0).asText();
    }

    /** Selects a field's text and types over it (React inputs ignore a plain value change). */
    private static void replace(Browser browser, By field, String text) {
        WebElement input = browser.find(field);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        input.sendKeys(text);
    }

    @Test
    void theTabShowsThePolicyInForceAndASaveThereIsThePolicy(TestEnvironment env, Browser browser) {
        tabShowsAndSavesThePolicy(suites(env), browser, "admin-twofold-tab");
    }

    @Test
    void theTabShowsThePolicyInForceAndASaveThereIsThePolicyOnTheOldestKeycloak(TestEnvironment env, Browser browser) {
        tabShowsAndSavesThePolicy(oldest(env), browser, "admin-twofold-tab-oldest");
    }

    @Test
    void aPolicyChangedThroughTheApiShowsInTheTabAndBadValuesAreRefusedEitherWay(TestEnvironment env) {
        apiChangesShowInTheTab(suites(env).admin());
    }

    @Test
    void aPolicyChangedThroughTheApiShowsInTheTabAndBadValuesAreRefusedEitherWayOnTheOldestKeycloak(TestEnvironment env) {
        apiChangesShowInTheTab(oldest(env).admin());
    }

    private static void tabShowsAndSavesThePolicy(Console console, Browser browser, String screenshot) {
        AdminApi admin = console.admin();
        String realm = TestEnvironment.realmWithPolicy(admin, "tab", Map.of("smsCodeLength", "7"), Map.of());
        assertThat(setting(components(admin, realm, TAB_TYPE).get(0), "smsCodeLength")).as("the imported policy, mirrored into the tab").isEqualTo("7");

        browser.open(console.baseUrl() + "/admin/master/console/#/" + realm + "/realm-settings/twofold");
        browser.type(LoginPages.USERNAME, "admin").type(LoginPages.PASSWORD, "admin").click(LoginPages.LOGIN);
        browser.waitForConsoleText("SMS code length");
        browser.await().until(d -> !d.findElements(By.cssSelector("input[value='7']")).isEmpty());
        assertThat(browser.text()).contains("Twofold").contains("Second factor required for").contains("Grace until (date)");
        browser.screenshot(screenshot);

        // a change saved in the tab is the policy in force (the console adds its route parameters; they are dropped)
        replace(browser, By.cssSelector("input[value='7']"), "8");
        browser.click(By.cssSelector("[data-testid=save]"));
        browser.waitForText("Saved successfully");
        JsonNode policy = components(admin, realm, POLICY_TYPE).get(0);
        assertThat(setting(policy, "smsCodeLength")).isEqualTo("8");
        assertThat(policy.path("config").has("realm")).isFalse();
        assertThat(setting(policy, "secondFactorRequiredFor")).as("the rest kept").isEqualTo("listed");
        assertThat(components(admin, realm, POLICY_TYPE)).as("still one policy").hasSize(1);
    }

    private static void apiChangesShowInTheTab(AdminApi admin) {
        String realm = TestEnvironment.realmWithPolicy(admin, "tab-api", Map.of(), Map.of());
        ObjectNode policy = components(admin, realm, POLICY_TYPE).get(0).deepCopy();
        ((ObjectNode) policy.path("config")).putArray("smsCodeLength").add("6");
        admin.put("/admin/realms/" + realm + "/components/" + policy.path("id").asText(), policy).expect(204);
        assertThat(setting(components(admin, realm, TAB_TYPE).get(0), "smsCodeLength")).isEqualTo("6");

        ((ObjectNode) policy.path("config")).putArray("smsCodeLength").add("99");
        AdminApi.Response refused = admin.put("/admin/realms/" + realm + "/components/" + policy.path("id").asText(), policy);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("SMS code length must be between 6 and 8");
        ObjectNode tab = components(admin, realm, TAB_TYPE).get(0).deepCopy();
        ((ObjectNode) tab.path("config")).putArray("smsCodeLength").add("99");
        assertThat(admin.put("/admin/realms/" + realm + "/components/" + tab.path("id").asText(), tab).status()).isEqualTo(400);
        assertThat(setting(components(admin, realm, POLICY_TYPE).get(0), "smsCodeLength")).as("nothing lost").isEqualTo("6");

        AdminApi.Response second = admin.post("/admin/realms/" + realm + "/components",
                Map.of("name", "Twofold policy", "providerId", "twofold-policy", "providerType", POLICY_TYPE,
                        "parentId", policy.path("parentId").asText(), "config", Map.of()));
        assertThat(second.status()).as(second.body()).isEqualTo(400);
        assertThat(Json.abbreviate(second.body())).contains("one Twofold policy");
    }
}

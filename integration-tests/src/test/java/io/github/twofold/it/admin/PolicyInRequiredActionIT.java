package io.github.twofold.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Cluster;
import io.github.twofold.it.harness.Databases;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.ProductionServer;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The realm policy in Keycloak's stock admin console, without any experimental feature: the
 * configuration of the required action {@code twofold-set-up-2fa} under Authentication > Required
 * actions shows every setting; a save there is the policy in force, and a policy changed any other
 * way shows there. The suite's server runs without {@code declarative-ui}; the form's API is also
 * checked on the oldest supported Keycloak.
 */
@TwofoldTest(otherServers = OtherServer.OLDEST)
class PolicyInRequiredActionIT {

    private static final String POLICY_TYPE = "io.github.twofold.policy.TwofoldPolicyProvider";
    private static final String ACTION = "/authentication/required-actions/twofold-set-up-2fa";

    private static JsonNode policy(AdminApi admin, String realm) {
        List<JsonNode> list = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/components?type=" + POLICY_TYPE).expect(200).json().forEach(list::add);
        assertThat(list).as("one policy").hasSize(1);
        return list.get(0);
    }

    private static String setting(JsonNode policy, String key) {
        return policy.path("config").path(key).get(0).asText();
    }

    private static JsonNode actionConfig(AdminApi admin, String realm) {
        return admin.get("/admin/realms/" + realm + ACTION + "/config").expect(200).json().path("config");
    }

    @Test
    void theRequiredActionsConfigurationIsThePolicyBothWaysAndBadValuesAreRefused(TestEnvironment env) {
        configurationIsThePolicy(env.admin());
    }

    @Test
    void theRequiredActionsConfigurationIsThePolicyOnTheOldestKeycloak(TestEnvironment env) {
        Databases.assumeAvailable(Cluster.unavailableReason(), "PolicyInRequiredActionIT on the oldest Keycloak");
        configurationIsThePolicy(ProductionServer.oldest(env).admin());
    }

    private static void configurationIsThePolicy(AdminApi admin) {
        String realm = TestEnvironment.realmWithPolicy(admin, "ra-policy", Map.of("smsCodeLength", "7", "backupCodeCount", "12"), Map.of());
        assertThat(actionConfig(admin, realm).path("smsCodeLength").asText()).as("the imported policy, shown").isEqualTo("7");
        JsonNode description = admin.get("/admin/realms/" + realm + ACTION + "/config-description").expect(200).json().path("properties");
        assertThat(description.size()).as("every setting").isGreaterThan(30);
        assertThat(description.toString()).contains("SMS code length").contains("Second factor required for");

        // a save of the required action's configuration is the policy
        ObjectNode config = (ObjectNode) actionConfig(admin, realm).deepCopy();
        config.put("smsCodeLength", "8");
        admin.put("/admin/realms/" + realm + ACTION + "/config", Map.of("config", config)).expect(204);
        assertThat(setting(policy(admin, realm), "smsCodeLength")).isEqualTo("8");
        assertThat(setting(policy(admin, realm), "backupCodeCount")).as("the rest kept").isEqualTo("12");

        // a bad value: refused with the reason, nothing changes in either place
        config.put("smsCodeLength", "99");
        AdminApi.Response refused = admin.put("/admin/realms/" + realm + ACTION + "/config", Map.of("config", config));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("SMS code length must be between 6 and 8");
        assertThat(setting(policy(admin, realm), "smsCodeLength")).isEqualTo("8");
        assertThat(actionConfig(admin, realm).path("smsCodeLength").asText()).isEqualTo("8");
        config.put("smsCodeLength", "8");
        config.put("noSuchSetting", "1");
        assertThat(admin.put("/admin/realms/" + realm + ACTION + "/config", Map.of("config", config)).status()).isEqualTo(400);

        // the policy changed through its own component shows in the required action
        ObjectNode component = policy(admin, realm).deepCopy();
        ((ObjectNode) component.path("config")).putArray("smsCodeLength").add("6");
        admin.put("/admin/realms/" + realm + "/components/" + component.path("id").asText(), component).expect(204);
        assertThat(actionConfig(admin, realm).path("smsCodeLength").asText()).isEqualTo("6");

        // the console's "Clear" empties the form, never the policy
        admin.delete("/admin/realms/" + realm + ACTION + "/config").expect(204);
        assertThat(setting(policy(admin, realm), "smsCodeLength")).isEqualTo("6");
        assertThat(setting(policy(admin, realm), "backupCodeCount")).isEqualTo("12");
    }

    /** Selects a field's text and types over it (React inputs ignore a plain value change). */
    private static void replace(WebElement input, String text) {
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        input.sendKeys(text);
    }

    @Test
    void anAdminChangesASettingInTheStockConsoleAndTheNextSignInFollowsIt(TestEnvironment env, Browser browser) {
        consoleChangesTheNextSignIn(env, env.baseUrl(), env.admin(), browser, "admin-required-action-policy");
    }

    @Test
    void theStockConsoleFormWorksOnTheOldestKeycloak(TestEnvironment env, Browser browser) {
        Databases.assumeAvailable(Cluster.unavailableReason(), "PolicyInRequiredActionIT on the oldest Keycloak");
        ProductionServer oldest = ProductionServer.oldest(env);
        consoleChangesTheNextSignIn(env, oldest.server().baseUrl(), oldest.admin(), browser, "admin-required-action-policy-oldest");
    }

    private static void consoleChangesTheNextSignIn(TestEnvironment env, String baseUrl, AdminApi admin, Browser browser, String screenshot) {
        String realm = TestEnvironment.realmWithPolicy(admin, "ra-console", Map.of("smsCodeLength", "7"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(admin, realm, "ra-console");

        browser.open(baseUrl + "/admin/master/console/#/" + realm + "/authentication/required-actions");
        browser.type(LoginPages.USERNAME, "admin").type(LoginPages.PASSWORD, "admin").click(LoginPages.LOGIN);
        browser.waitForConsoleText("Twofold: set up two-step sign-in");
        WebElement row = browser.find(By.xpath("//tr[.//*[contains(text(), 'Twofold: set up two-step sign-in')]]"));
        row.findElement(By.cssSelector("button[aria-label='Settings']")).click();
        browser.waitForText("SMS code length");
        browser.await().until(d -> !d.findElements(By.cssSelector("input[value='7']")).isEmpty());
        browser.screenshot(screenshot);

        replace(browser.find(By.cssSelector("input[value='7']")), "8");
        browser.click(By.cssSelector("#required-action-config-form [data-testid=save]"));
        browser.await().until(d -> "8".equals(setting(policy(admin, realm), "smsCodeLength")));
        browser.screenshot(screenshot + "-saved");

        HttpLogin login = env.httpLogin();
        LoginPages.password(login, login.open(env.oidc(baseUrl, realm).authRequest().url()), user);
        assertThat(env.sms().awaitCode(user.phone(), 1)).as("the code of the next sign-in").hasSize(8);
    }
}

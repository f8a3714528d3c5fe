package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.Ports;
import io.github.twofold.it.harness.ProcessReaper;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The demo application's "Security settings" page, which uses the app API the way an application
 * would: a person signs in with SMS, sets up an authenticator app by its QR code's key, and removes
 * the phone, in Chromium.
 */
@TwofoldTest
class DemoAppSecurityPageIT {

    @Test
    void aPersonSetsUpAnAppAndRemovesThePhoneOnTheDemoAppsSecurityPage(TestEnvironment env, Browser browser) throws Exception {
        String realm = env.realmWithPolicy("demo-app-api", Map.of());
        int port = Ports.free();
        allowRedirect(env, realm, "http://localhost:" + port + "/*");
        TestUser user = env.newUserWithPhone(realm, "demo-app");
        Path root = Path.of(System.getProperty("twofold.project.root"));
        Process app = new ProcessBuilder("setsid", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                root.resolve("demo/DemoApp.java").toString(), Integer.toString(port), env.baseUrl() + "/realms/" + realm, "demo-app")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ProcessReaper reaper = ProcessReaper.get(Path.of(System.getProperty("twofold.work.dir")));
        reaper.register(app.pid());
        try {
            awaitPort(port);
            browser.open("http://localhost:" + port + "/");
            browser.click(By.linkText("Sign in"));
            LoginPages.password(browser, user);
            LoginPages.code(browser, env.sms().awaitCode(user.phone(), 1));
            browser.click(By.linkText("Security settings (app API)"));
            browser.waitForText("Backup codes left");
            assertThat(browser.text()).contains("sms").contains("+49");
            browser.screenshot("demo-app-security-settings");

            browser.click(By.xpath("//button[normalize-space()='Set up an authenticator app']"));
            browser.waitForText("Scan this code with your authenticator app");
            assertThat(browser.find(By.cssSelector("img[alt='QR code']")).getAttribute("src")).startsWith("data:image/png;base64,");
            String secret = browser.find(By.tagName("code")).getText().trim();
            SecretScanner.get().register("app secret", secret);
            browser.screenshot("demo-app-security-qr");
            browser.type(By.name("code"), Totp.code(secret)).submit(By.xpath("//button[normalize-space()='Confirm']"));
            browser.waitForText("Done.");
            assertThat(browser.text()).contains("app");

            // the page before already says "Done." (the app's set-up): wait for the answer's page
            browser.submit(By.xpath("//tr[td[1][normalize-space()='sms']]//button[normalize-space()='Remove']"));
            browser.waitForText("Done.");
            assertThat(browser.findAll(By.xpath("//tr[td[1][normalize-space()='sms']]"))).isEmpty();
            browser.screenshot("demo-app-security-after");
            assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp").doesNotContain("twofold-sms");
        } finally {
            reaper.stopGroup(app.pid(), 5);
        }
    }

    private static void allowRedirect(TestEnvironment env, String realm, String redirect) {
        String id = env.admin().clientUuid(realm, "demo-app");
        ObjectNode client = (ObjectNode) env.admin().get("/admin/realms/" + realm + "/clients/" + id).expect(200).json();
        ((ArrayNode) client.withArray("redirectUris")).add(redirect);
        env.admin().put("/admin/realms/" + realm + "/clients/" + id, client).expect(204);
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the demo app did not start on port " + port);
    }
}

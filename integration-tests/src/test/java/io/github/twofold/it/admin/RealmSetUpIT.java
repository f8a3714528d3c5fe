package io.github.twofold.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Twofold into a live realm with one command ({@code scripts/twofold-realm.sh}, through the
 * distribution's own {@code kcadm.sh}), and out again: a realm that started as Keycloak's default
 * realm, with a user who already signs in with an authenticator app.
 */
@TwofoldTest
class RealmSetUpIT {

    @Test
    void aDefaultRealmGetsTwofoldFromOneCommandAndItsAppUsersKeepSigningIn(TestEnvironment env) throws Exception {
        String realm = Names.unique("live", 8);
        env.admin().post("/admin/realms", Map.of("realm", realm, "enabled", true, "adminEventsEnabled", true)).expect(201);
        env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "demo-app", "publicClient", true,
                "redirectUris", List.of(env.callback().redirectUri() + "*"), "standardFlowEnabled", true)).expect(201);
        String secret = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        TestUser appUser = env.newUser(realm, "live-app", Map.of("credentials", List.of(Totp.credential(secret))));
        TestUser newcomer = env.newUser(realm, "live-new", Map.of());
        Kcadm kcadm = new Kcadm(env);
        long step = System.currentTimeMillis() / 1000 / 30;

        // the dry run says what would change and changes nothing
        String plan = kcadm.script("--realm", realm, "--bind");
        System.out.println("[twofold-realm.sh --bind]\n" + plan); // what an admin reads, kept in the test report
        assertThat(plan).contains("dry run: nothing was changed", "--bind --apply", "create the flow 'twofold browser'",
                "register and enable the required action 'twofold-set-up-2fa'", "create the realm's Twofold policy",
                "'twofold-amr-mapper' to the client scope 'basic'", "bind the flow 'twofold browser' as the realm's browser flow (was 'browser')");
        assertThat(flowAliases(env, realm)).doesNotContain("twofold browser");
        assertThat(env.admin().get("/admin/realms/" + realm).json().path("browserFlow").asText()).isEqualTo("browser");

        String applied = kcadm.script("--realm", realm, "--bind", "--apply");
        assertThat(applied).contains("changes made", "create the flow 'twofold browser'");
        assertThat(kcadm.script("--realm", realm, "--bind")).as("a second run").contains("nothing to add");
        assertThat(flowAliases(env, realm)).containsOnlyOnce("twofold browser").contains("twofold direct grant", "twofold reset credentials");
        JsonList actions = new JsonList(env.admin().get("/admin/realms/" + realm + "/authentication/required-actions").json(), "alias");
        assertThat(actions.values().get(0)).as("the chooser comes first").isEqualTo("twofold-set-up-2fa");

        // the user with an authenticator app signs in with it, and the token says so
        OidcClient app = env.oidc(realm);
        OidcClient.AuthRequest request = app.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), appUser);
        page = login.submit(page, "kc-otp-login-form", Map.of("otp", Totp.codeAt(secret, step)));
        assertThat(page.isCallback(app.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("otp", "mfa");

        // a user without a second factor is asked to set one up (the default policy requires everyone)
        HttpLogin newLogin = env.httpLogin();
        HttpLogin.Page setUp = LoginPages.password(newLogin, newLogin.open(app.authRequest().url()), newcomer);
        assertThat(setUp.document().getElementById(LoginPages.CHOOSE_FORM)).as(setUp.document().text()).isNotNull();

        // and out again: Keycloak's flows are bound again, Twofold's parts are gone, the app still works
        String removed = kcadm.script("--realm", realm, "--remove", "--apply");
        assertThat(removed).contains("changes made", "bind Keycloak's flow 'browser'", "delete the flow 'twofold browser'",
                "delete the realm's Twofold policy");
        assertThat(kcadm.script("--realm", realm, "--remove")).contains("nothing to remove");
        assertThat(flowAliases(env, realm)).noneMatch(alias -> alias.startsWith("twofold"));
        OidcClient.AuthRequest again = app.authRequest();
        HttpLogin afterLogin = env.httpLogin();
        page = LoginPages.password(afterLogin, afterLogin.open(again.url()), appUser);
        page = afterLogin.submit(page, "kc-otp-login-form", Map.of("otp", Totp.codeAt(secret, step + 1)));
        assertThat(page.isCallback(app.redirectUri())).as("Keycloak's own flow asks for the app's code: " + page.document().text()).isTrue();
        assertThat(env.admin().adminEvents(realm).toString()).contains("TWOFOLD_SETUP");
    }

    @Test
    void theScriptSaysWhatItNeedsAndAViewerCannotApply(TestEnvironment env) throws Exception {
        Kcadm kcadm = new Kcadm(env);
        Kcadm.Result noRealm = kcadm.run(List.of());
        assertThat(noRealm.exit()).isEqualTo(2);
        assertThat(noRealm.output()).contains("--realm is required");
        Kcadm.Result both = kcadm.run(List.of("--realm", "demo", "--remove", "--bind"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.output()).contains("--bind goes with adding");

        // an admin who may view the realm but not manage it gets the dry run and no changes
        String realm = env.realmWithPolicy("live-view", Map.of());
        TestUser viewer = env.newUser(realm, "viewer", Map.of());
        env.admin().assignClientRoles(realm, viewer.id(), "realm-management", "view-realm");
        Kcadm asViewer = new Kcadm(env, realm, viewer.username(), viewer.password());
        assertThat(asViewer.script("--realm", realm, "--remove")).contains("delete the flow 'twofold browser'");
        Kcadm.Result refused = asViewer.run(List.of("--realm", realm, "--remove", "--apply"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("403");
        assertThat(flowAliases(env, realm)).contains("twofold browser");
    }

    private static List<String> flowAliases(TestEnvironment env, String realm) {
        return new JsonList(env.admin().get("/admin/realms/" + realm + "/authentication/flows").json(), "alias").values();
    }

    private record JsonList(com.fasterxml.jackson.databind.JsonNode array, String field) {
        List<String> values() {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.path(field).asText()));
            return out;
        }
    }

    /** The repository's script with the test server's own {@code kcadm.sh}, logged in with its own config file. */
    private static final class Kcadm {
        record Result(int exit, String output) {
        }

        private final Path script;
        private final Path kcadm;
        private final Path config;

        Kcadm(TestEnvironment env) throws IOException {
            this(env, "master", "admin", "admin");
        }

        Kcadm(TestEnvironment env, String realm, String user, String password) throws IOException {
            this.script = Path.of(System.getProperty("twofold.realm.file")).toAbsolutePath().getParent().resolve("scripts/twofold-realm.sh");
            this.kcadm = env.server().home().resolve("bin/kcadm.sh");
            this.config = Files.createTempFile(env.workDir(), "kcadm", ".config");
            config.toFile().deleteOnExit(); // it holds the admin's tokens
            Result login = exec(List.of(kcadm.toString(), "config", "credentials", "--server", env.baseUrl(), "--realm", realm,
                    "--user", user, "--password", password, "--config", config.toString()));
            assertThat(login.exit()).as(login.output()).isZero();
        }

        /** Runs the script; it must succeed. */
        String script(String... args) throws IOException {
            Result result = run(List.of(args));
            assertThat(result.exit()).as(result.output()).isZero();
            return result.output();
        }

        Result run(List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of("bash", script.toString()));
            command.addAll(args);
            if (!args.isEmpty() && args.contains("--realm")) {
                command.addAll(List.of("--", "--config", config.toString()));
            }
            return exec(command);
        }

        private Result exec(List<String> command) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("KCADM", kcadm.toString());
            Process process = builder.start();
            try {
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("no answer within 60 s: " + command);
                }
                return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}

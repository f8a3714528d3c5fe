package io.github.twofold.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Removing a second factor through Keycloak's {@code delete_credential} (the account console's
 * path) needs a fresh second factor, and the last one cannot go while the policy requires one.
 */
@TwofoldTest
class RemoveFactorIT {

    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);

    private static String credentialId(TestEnvironment env, String realm, TestUser user, String type) {
        return StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals(type)).findFirst().orElseThrow().path("id").asText();
    }

    /** Password and SMS code: a session with a fresh second factor. */
    private static HttpLogin signedInWithSms(TestEnvironment env, String realm, TestUser user) {
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        return login;
    }

    private static HttpLogin.Page delete(TestEnvironment env, HttpLogin login, String realm, String credentialId) {
        return login.open(env.oidc(realm).authRequest(Map.of("kc_action", "delete_credential:" + credentialId)).url());
    }

    @Test
    void aPasswordOnlySessionCannotRemoveASecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("remove-stale", Map.of(), SETTINGS);
        env.admin().usePasswordOnlyBrowserFlow(realm);
        TestUser user = env.newUserWithPhoneAndTotp(realm, "remove-stale");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest(
                Map.of("kc_action", "delete_credential:" + credentialId(env, realm, user, "otp"))).url()), user);
        assertThat(page.document().getElementById("kc-accept")).as("no delete confirmation for a password-only session").isNull();
        assertThat(page.document().getElementById("kc-twofold-confirm-form")).as(page.document().text()).isNotNull();
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-sms");
    }

    @Test
    void withAFreshSecondFactorOneOfTwoFactorsCanBeRemoved(TestEnvironment env) {
        String realm = env.realmWithPolicy("remove-fresh", Map.of("secondFactorRequiredFor", "everyone"), SETTINGS);
        TestUser user = env.newUserWithPhoneAndTotp(realm, "remove-fresh");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        // the harness puts the phone first in the credential order, so Keycloak offers it first
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        String other = "otp";
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();

        HttpLogin.Page confirm = delete(env, login, realm, credentialId(env, realm, user, other));
        assertThat(confirm.document().getElementById("kc-accept")).as(confirm.document().text()).isNotNull();
        HttpLogin.Page done = login.submit(confirm, null, Map.of("accept", ""));
        assertThat(done.isCallback(env.oidc(realm).redirectUri())).as(done.document().text()).isTrue();
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain(other).hasSize(2); // password + the other factor
    }

    @Test
    void theLastSecondFactorStaysWhileThePolicyRequiresOne(TestEnvironment env) {
        String realm = env.realmWithPolicy("remove-last", Map.of("secondFactorRequiredFor", "everyone"), SETTINGS);
        TestUser user = env.newUserWithPhone(realm, "remove-last");
        HttpLogin login = signedInWithSms(env, realm, user);
        HttpLogin.Page refused = delete(env, login, realm, credentialId(env, realm, user, "twofold-sms"));
        assertThat(refused.status()).isLessThan(500);
        assertThat(refused.document().text()).contains("This is your last way to confirm sign-ins");
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("factor_removal_refused");
    }
}

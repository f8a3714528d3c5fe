package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's Account REST API, called directly with a bearer token, removes a second factor only
 * for a session that verified one within the freshness window (5 minutes), and never the last one
 * while the policy requires one: the same rules as the account console's path.
 */
@TwofoldTest
class AccountRestApiIT {

    /** A realm of this class's own (a copy of the demo realm): its per-address SMS budget is not shared with other tests. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("rest", Map.of());
    }

    @Test
    void aPasswordOnlyTokenCannotRemoveAnySecondFactor(TestEnvironment env) {
        TestUser user = env.newUserWithPhoneAndTotp(realm, "rest-pwd");
        String token = SignIns.passwordOnly(env, realm, user).tokens().accessToken();
        AccountApi api = env.accountApi(realm);
        assertThat(api.credentials(token).status()).as("the token itself is good").isEqualTo(200);

        for (String type : new String[] {"twofold-sms", "otp"}) {
            AccountApi.Response refused = api.delete(token, SignIns.credentialId(env, realm, user, type));
            assertThat(refused.status()).as(type + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_user_authentication");
            JsonNode error = refused.json();
            assertThat(error.path("error").asText()).isEqualTo("insufficient_user_authentication");
            assertThat(error.path("error_description").asText()).contains("5 minutes").contains("max_age=0");
            assertThat(error.path("acr_values").asText()).isEqualTo("2");
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms", "otp");
        assertThat(env.admin().userEvents(realm, user.id()).toString())
                .contains("REMOVE_CREDENTIAL_ERROR").contains("no_fresh_second_factor").contains("account_rest_api");
    }

    @Test
    void aSessionThatVerifiedAFactorJustNowMayRemoveOne(TestEnvironment env) {
        TestUser user = env.newUserWithPhoneAndTotp(realm, "rest-fresh");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();
        AccountApi.Response removed = env.accountApi(realm).delete(token, SignIns.credentialId(env, realm, user, "otp"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms").doesNotContain("otp");
    }

    @Test
    @MovesClock
    void aSecondFactorOlderThanTheWindowNoLongerCounts(TestEnvironment env) {
        TestUser user = env.newUserWithPhoneAndTotp(realm, "rest-stale");
        OidcClient.Tokens tokens = SignIns.withSms(env, realm, user, 1).tokens();
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofMinutes(6));
            // a new access token of the same session, as an application refreshes it
            OidcClient.Tokens refreshed = env.oidc(realm).token(Map.of("grant_type", "refresh_token",
                    "refresh_token", tokens.refreshToken(), "client_id", TestEnvironment.CLIENT));
            assertThat(refreshed.acr()).as("the session is still at level 2").isEqualTo("2");
            AccountApi.Response refused = env.accountApi(realm).delete(refreshed.accessToken(), SignIns.credentialId(env, realm, user, "otp"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-sms");
    }

    @Test
    void theLastSecondFactorStaysWhileThePolicyRequiresOne(TestEnvironment env) {
        String realm = env.realmWithPolicy("rest-last", Map.of("secondFactorRequiredFor", "everyone"));
        TestUser user = env.newUserWithPhone(realm, "rest-last");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();
        AccountApi.Response refused = env.accountApi(realm).delete(token, SignIns.credentialId(env, realm, user, "twofold-sms"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("last_second_factor");
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms");
    }

    @Test
    void aPasswordGrantThatVerifiedTheSmsCodeCountsAsFresh(TestEnvironment env) {
        TestUser user = env.newUserWithPhoneAndTotp(realm, "rest-grant");
        OidcClient admincli = env.client(realm, "admin-cli");
        PasswordGrant.refused(admincli, user, Map.of());
        String token = PasswordGrant.token(admincli, user, Map.of("sms_code", SignIns.smsCode(env, user, 1))).accessToken();
        AccountApi.Response removed = env.accountApi(realm).delete(token, SignIns.credentialId(env, realm, user, "otp"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
    }
}

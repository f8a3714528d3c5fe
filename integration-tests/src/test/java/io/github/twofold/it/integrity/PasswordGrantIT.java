package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No grant skips the second factor: the password grant, through {@code admin-cli} (Keycloak
 * enables it in every realm) and through an application's client, gives a token to a user with a
 * second factor only when the request carries one (the demo realm's direct grant flow with
 * Twofold's step), and is refused with a plain OAuth error otherwise.
 */
@TwofoldTest
class PasswordGrantIT {

    /** A realm of this class's own (a copy of the demo realm): its per-address SMS budget is not shared with other tests. */
    private static String realm;

    @BeforeAll
    static void createRealm(TestEnvironment env) {
        realm = env.realmWithPolicy("grant", Map.of());
    }

    /** A public client with the password grant and Twofold's amr mapper, as an API client would have. */
    @Test
    void aPhoneUserGetsATokenOnlyWithTheCodeTheFirstRequestSent(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "grant-sms");
        OidcClient api = PasswordGrant.apiClient(env, realm);

        JsonNode sent = PasswordGrant.refused(api, user, Map.of());
        assertThat(sent.path("error_description").asText()).contains("sent by text message").contains("sms_code");
        assertThat(sent.path("twofold_sms_sent_to").asText()).endsWith(user.phone().substring(user.phone().length() - 4))
                .doesNotContain(user.phone());
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        JsonNode again = PasswordGrant.refused(api, user, Map.of());
        assertThat(again.path("error_description").asText()).contains("already sent");
        assertThat(env.sms().messagesTo(user.phone())).as("a repeat within the cooldown sends nothing").hasSize(1);

        assertThat(PasswordGrant.refused(api, user, Map.of("sms_code", "000000")).path("error_description").asText())
                .isEqualTo("Invalid second factor");
        assertThat(env.admin().recordedFailures(realm, user.id(), 1)).as("counted by Keycloak").isGreaterThan(0);

        OidcClient.Tokens tokens = PasswordGrant.token(api, user, Map.of("sms_code", SignIns.smsCode(env, user, 1)));
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("sms", "mfa");
        assertThat(PasswordGrant.refused(api, user, Map.of("sms_code", SignIns.smsCode(env, user, 1))).path("error").asText())
                .as("the code works once").isEqualTo("invalid_grant");
    }

    /** A user of a realm of its own with these limits, who asked the grant for a text; and a code that is not the one sent. */
    private record Guessing(TestUser user, OidcClient api, String wrong) {
    }

    private static Guessing guessing(TestEnvironment env, String prefix, String failuresBeforeDelay, String failuresBeforeLock) {
        String realm = env.realmWithPolicy(prefix, Map.of("secondFactorFailuresBeforeDelay", failuresBeforeDelay,
                "secondFactorFailuresBeforeLock", failuresBeforeLock), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, prefix);
        OidcClient api = PasswordGrant.apiClient(env, realm);
        PasswordGrant.refused(api, user, Map.of());
        return new Guessing(user, api, SignIns.smsCode(env, user, 1).equals("000000") ? "111111" : "000000");
    }

    /** Someone with the password who locked the second step cannot make the grant send texts while the lock holds. */
    @Test
    @MovesClock
    void whileTheSecondStepIsLockedARequestWithoutACodeSendsNoSms(TestEnvironment env) {
        Guessing g = guessing(env, "grant-lock", "3", "3");
        TestUser user = g.user();
        OidcClient api = g.api();
        for (int i = 0; i < 3; i++) {
            PasswordGrant.refused(api, user, Map.of("sms_code", g.wrong()));
        }
        assertThat(env.sms().messagesTo(user.phone())).hasSize(1);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofMinutes(5)); // past the resend cooldown, well within the lock's window
            JsonNode locked = PasswordGrant.refused(api, user, Map.of());
            assertThat(locked.path("error_description").asText()).startsWith("Too many attempts: try again in");
            assertThat(locked.path("twofold_retry_after").asLong()).isGreaterThan(3600);
            assertThat(env.sms().messagesTo(user.phone())).as("no text while the lock holds").hasSize(1);
            assertThat(PasswordGrant.refused(api, user, Map.of("sms_code", SignIns.smsCode(env, user, 1))).path("error_description").asText())
                    .as("nor does the code sent before the lock work").startsWith("Too many attempts");
        }
    }

    /** Five wrong entries use an SMS code up: the answer says to ask for a new one, not to wait a second. */
    @Test
    void anSmsCodeThatHadItsTriesAsksForANewOne(TestEnvironment env) {
        Guessing g = guessing(env, "grant-cap", "10", "20");
        for (int i = 0; i < 5; i++) {
            assertThat(PasswordGrant.refused(g.api(), g.user(), Map.of("sms_code", g.wrong())).path("error_description").asText())
                    .isEqualTo("Invalid second factor");
        }
        JsonNode usedUp = PasswordGrant.refused(g.api(), g.user(), Map.of("sms_code", g.wrong()));
        assertThat(usedUp.path("error_description").asText()).isEqualTo("This code can no longer be used: repeat the request without sms_code for a new one");
        assertThat(usedUp.has("twofold_retry_after")).as(usedUp.toString()).isFalse();
    }

    @Test
    void adminCliIsNoWayAroundIt(TestEnvironment env) {
        TestUser user = env.newUserWithPhone(realm, "grant-cli");
        OidcClient cli = env.client(realm, "admin-cli");
        PasswordGrant.refused(cli, user, Map.of());
        PasswordGrant.refused(cli, user, Map.of("otp", "123456"));
        PasswordGrant.refused(cli, user, Map.of("backup_code", "28EN-JX09-1CSY-395C"));
        assertThat(PasswordGrant.token(cli, user, Map.of("sms_code", SignIns.smsCode(env, user, 1))).accessToken()).isNotBlank();
    }

    @Test
    void anAuthenticatorAppUserSendsItsCodeAndNoSmsGoesOut(TestEnvironment env) {
        TestUser user = env.newUserWithPhoneAndTotp(realm, "grant-totp");
        OidcClient api = PasswordGrant.apiClient(env, realm);
        PasswordGrant.refused(api, user, Map.of("otp", "000000"));
        OidcClient.Tokens tokens = PasswordGrant.token(api, user, Map.of("otp", Totp.code(user.totpSecret())));
        assertThat(tokens.acr()).isEqualTo("2");
        assertThat(tokens.amr()).contains("otp", "mfa");
        assertThat(env.sms().messagesTo(user.phone())).isEmpty();
    }

    @Test
    void aBackupCodeWorksOnceInTheRequest(TestEnvironment env) {
        TestUser user = env.newUser(realm, "grant-backup", Map.of());
        List<String> codes = LoginPages.createBackupCodes(env.httpLogin(), env.oidc(realm), user);
        OidcClient api = PasswordGrant.apiClient(env, realm);
        assertThat(PasswordGrant.refused(api, user, Map.of()).path("error_description").asText()).contains("backup_code");
        OidcClient.Tokens tokens = PasswordGrant.token(api, user, Map.of("backup_code", codes.get(3)));
        assertThat(tokens.amr()).contains("backup", "mfa");
        PasswordGrant.refused(api, user, Map.of("backup_code", codes.get(3)));
        // reported as at the sign-in page (the event the security e-mail goes out for), with the codes left
        assertThat(java.util.stream.StreamSupport.stream(env.admin().userEvents(realm, user.id()).spliterator(), false)
                .filter(e -> "backup_code_used".equals(e.path("details").path("twofold_event").asText())))
                .singleElement().satisfies(e -> assertThat(e.path("details").path("twofold_backup_codes_remaining").asText()).isEqualTo("9"));
    }

    @Test
    void aUserWithoutAFactorGetsAnHonestLevelOneUnlessThePolicyRequiresOne(TestEnvironment env) {
        TestUser free = env.newUser(realm, "grant-none", Map.of());
        OidcClient.Tokens tokens = PasswordGrant.token(PasswordGrant.apiClient(env, realm), free, Map.of());
        assertThat(tokens.acr()).isEqualTo("1");
        assertThat(tokens.amr()).doesNotContain("mfa");

        String strict = env.realmWithPolicy("grant-required", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0"));
        TestUser required = env.newUser(strict, "grant-required", Map.of());
        JsonNode refused = PasswordGrant.refused(PasswordGrant.apiClient(env, strict), required, Map.of());
        assertThat(refused.path("error_description").asText()).contains("Set up a second factor");
        assertThat(env.admin().userEvents(strict, required.id()).toString()).contains("password_grant_refused");
    }

    @Test
    void aRealmThatKeepsKeycloaksDirectGrantFlowRefusesWhatItCannotVerify(TestEnvironment env) {
        String realm = env.realmWithPolicy("grant-stock", Map.of());
        AdminApi admin = env.admin();
        admin.put("/admin/realms/" + realm, Map.of("directGrantFlow", "direct grant")).expect(204);
        OidcClient api = PasswordGrant.apiClient(env, realm);

        TestUser phone = env.newUserWithPhone(realm, "grant-stock");
        JsonNode refused = PasswordGrant.refused(api, phone, Map.of());
        assertThat(refused.path("error_description").asText()).contains("did not verify one");
        assertThat(env.sms().messagesTo(phone.phone())).as("Keycloak's flow has no SMS step").isEmpty();
        assertThat(admin.userEvents(realm, phone.id()).toString()).contains("password_grant_refused").contains("second_factor_required");

        TestUser app = env.newUserWithPhoneAndTotp(realm, "grant-stock-totp");
        assertThat(PasswordGrant.token(api, app, Map.of("totp", Totp.code(app.totpSecret()))).accessToken())
                .as("Keycloak's own OTP step verified the app").isNotBlank();
    }
}

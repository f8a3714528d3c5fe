package io.github.twofold.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The policy's factor kinds: members of a phishing-resistant group set up and use passkeys only,
 * and after the last SMS enrollment day nobody sets up a new phone. Each rule is checked at
 * Twofold's chooser, at Twofold's phone set-up and at Keycloak's own app set-up, started by an
 * application with {@code kc_action} as well as by the sign-in.
 */
@TwofoldTest
class FactorKindPolicyIT {

    @Test
    void membersOfAPhishingResistantGroupGetNoAppOrSmsAndAreSentToAddAPasskey(TestEnvironment env) {
        String realm = env.realmWithPolicy("phishing-resistant", Map.of("secondFactorRequiredFor", "nobody",
                "phishingResistantGroups", "/admins", "secondFactorGraceLogins", "3", "trustedBrowserDays", "30"), Map.of("quickLoginCheckMilliSeconds", 1));
        String group = env.admin().createGroup(realm, "admins");
        OidcClient oidc = env.oidc(realm);

        // a member who only has a phone signs in with SMS and is reminded to add a passkey (three grace sign-ins)
        TestUser member = env.newUserWithPhone(realm, "admin");
        env.admin().joinGroup(realm, member.id(), group);
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest().url()), member);
        assertThat(page.document().getElementById("trustBrowser")).as("no trusted browser for a member").isNull();
        page = LoginPages.code(login, page, env.sms().awaitCode(member.phone(), 1));
        assertThat(page.document().text()).as(page.document().text()).contains("Add a passkey")
                .contains("a code from an app or a text message is no longer enough");
        page = login.submit(page, "kc-twofold-reminder-form", Map.of("later", "true"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();

        // setting up a phone or an authenticator app is refused, through Twofold's page and Keycloak's own action
        for (String action : List.of("twofold-set-up-phone", "CONFIGURE_TOTP")) {
            int sent = env.sms().messagesTo(member.phone()).size();
            HttpLogin direct = env.httpLogin();
            HttpLogin.Page refused = LoginPages.password(direct, direct.open(oidc.authRequest(Map.of("kc_action", action)).url()), member);
            refused = LoginPages.code(direct, refused, env.sms().awaitCode(member.phone(), sent + 1));
            refused = direct.submit(refused, "kc-twofold-reminder-form", Map.of("later", "true"));
            assertThat(refused.document().text()).as(action + ": " + refused.document().text())
                    .contains("requires a passkey or security key for this account");
            assertThat(refused.document().getElementById("phone")).as(action).isNull();
            assertThat(refused.document().getElementById("totp")).as(action).isNull();
        }
        assertThat(env.admin().credentialTypes(realm, member.id())).containsExactly("password", "twofold-sms");
        assertThat(events(env, member)).contains("factor_kind_refused", "second_factor_setup_postponed");

        // grace over: the sign-in goes on to Keycloak's passkey registration, not to the app or a phone
        int sent = env.sms().messagesTo(member.phone()).size();
        HttpLogin next = env.httpLogin();
        page = LoginPages.password(next, next.open(oidc.authRequest().url()), member);
        page = LoginPages.code(next, page, env.sms().awaitCode(member.phone(), sent + 1));
        assertThat(page.document().getElementById("registerWebAuthn")).as(page.document().text()).isNotNull();

        // a member with no factor at all: the chooser has one method left, so the passkey registration comes at once
        TestUser newcomer = env.newUser(realm, "admin-new", Map.of());
        env.admin().joinGroup(realm, newcomer.id(), group);
        HttpLogin fresh = env.httpLogin();
        page = LoginPages.password(fresh, fresh.open(oidc.authRequest().url()), newcomer);
        page = fresh.submit(page, "kc-twofold-reminder-form", Map.of("setup", "true"));
        assertThat(page.document().getElementById("registerWebAuthn")).as(page.document().text()).isNotNull();

        // outside the group nothing changes: the chooser offers the app and text messages
        TestUser other = env.newUserWithPhone(realm, "staff");
        HttpLogin staff = env.httpLogin();
        page = LoginPages.password(staff, staff.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-2fa")).url()), other);
        assertThat(page.document().getElementById("trustBrowser")).as("others may trust their browser").isNotNull();
        page = LoginPages.code(staff, page, env.sms().awaitCode(other.phone(), 1));
        assertThat(page.document().getElementById("twofold-method-app")).as(page.document().text()).isNotNull();
        assertThat(page.document().getElementById("twofold-method-sms")).isNotNull();
    }

    @Test
    @MovesClock
    void afterTheLastSmsEnrollmentDayNoNewPhoneIsSetUpButPhonesKeepWorking(TestEnvironment env) {
        // the last day is tomorrow by the calendar; the rule reads Keycloak's clock, which is two days on
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofDays(2));
            String realm = env.realmWithPolicy("sms-ended", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0",
                    "smsEnrollmentUntil", tomorrow, "setUpBackupCodes", "false"), Map.of("quickLoginCheckMilliSeconds", 1));
            OidcClient oidc = env.oidc(realm);

            // a new user is offered a passkey and the app, not text messages; a forged choice is refused
            TestUser newcomer = env.newUser(realm, "sms-ended", Map.of());
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest().url()), newcomer);
            assertThat(page.document().getElementById("twofold-method-app")).as(page.document().text()).isNotNull();
            assertThat(page.document().getElementById("twofold-method-passkey")).isNotNull();
            assertThat(page.document().getElementById("twofold-method-sms")).isNull();
            page = LoginPages.chooseSetUpMethod(login, page, "sms");
            assertThat(page.document().getElementById("phone")).as(page.document().text()).isNull();

            // a user who has a phone still signs in with it and may replace it
            TestUser texter = env.newUserWithPhone(realm, "sms-kept");
            HttpLogin kept = env.httpLogin();
            page = LoginPages.password(kept, kept.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), texter);
            page = LoginPages.code(kept, page, env.sms().awaitCode(texter.phone(), 1));
            assertThat(page.document().text()).as(page.document().text()).doesNotContain("can no longer be set up");

            // a user without a phone cannot add one, also when an application starts Twofold's phone set-up
            TestUser appUser = env.newUserWithPhoneAndTotp(realm, "sms-app");
            env.admin().delete("/admin/realms/" + realm + "/users/" + appUser.id() + "/credentials/" + credentialId(env, realm, appUser, "twofold-sms")).expect(204);
            HttpLogin direct = env.httpLogin();
            page = LoginPages.password(direct, direct.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), appUser);
            page = direct.submit(page, "kc-otp-login-form", Map.of("otp", Totp.code(appUser.totpSecret())));
            assertThat(page.document().text()).as(page.document().text()).contains("Text-message codes can no longer be set up");
            assertThat(page.document().getElementById("phone")).isNull();
            assertThat(env.admin().credentialTypes(realm, appUser.id())).doesNotContain("twofold-sms");
        }
    }

    private static String credentialId(TestEnvironment env, String realm, TestUser user, String type) {
        return StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                .filter(c -> type.equals(c.path("type").asText())).findFirst().orElseThrow().path("id").asText();
    }

    private static List<String> events(TestEnvironment env, TestUser user) {
        return StreamSupport.stream(env.admin().userEvents(user.realm(), user.id()).spliterator(), false)
                .map(e -> e.path("details").path("twofold_event").asText()).toList();
    }
}

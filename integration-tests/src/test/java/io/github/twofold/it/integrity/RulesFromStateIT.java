package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rules of a sign-in are decided from Keycloak's own state, not from what a request says:
 * which kind of sign-in it is (a browser form post that carries {@code grant_type=password} is
 * still a browser sign-in), which factor was verified (an empty extra parameter changes nothing),
 * and whether a user "has" a second factor (one no step of the realm's flow can ask for does not
 * count). And the password and e-mail address of a user who holds a second factor change only
 * with a fresh one, at every door.
 */
@TwofoldTest
class RulesFromStateIT {

    private static final String REMINDER_FORM = "kc-twofold-reminder-form";
    private static final String CONFIRM = "kc-twofold-confirm-form";
    private static final String PROFILE_FORM = "kc-update-profile-form";

    @Test
    void aFormFieldCannotTurnABrowserSignInIntoAPasswordGrant(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-kind", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "3"));
        TestUser user = env.newUser(realm, "state-kind", Map.of());
        OidcClient oidc = env.oidc(realm);
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        assertThat(page.document().getElementById(REMINDER_FORM)).as(page.document().text()).isNotNull();

        // "Remind me next time", with a field the page never sends
        page = login.submit(page, REMINDER_FORM, Map.of("later", "true", "grant_type", "password"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        OidcClient.Tokens tokens = request.exchange(page.url());
        assertThat(tokens.acr()).as("postponing earns no second-factor level").isEqualTo("1");
        assertThat(tokens.amr()).doesNotContain("mfa");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("level_capped");
    }

    /**
     * A SAML application goes through the same browser flow: the second factor is asked for, and
     * only then does the browser get the assertion.
     */
    @Test
    void aSamlSignInAsksForTheSecondFactorToo(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-saml", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        String callback = env.oidc(realm).redirectUri();
        env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "saml-app", "protocol", "saml", "redirectUris", List.of(callback),
                "attributes", Map.of("saml_idp_initiated_sso_url_name", "saml-app", "saml_assertion_consumer_url_post", callback,
                        "saml.client.signature", "false"))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "state-saml");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.baseUrl() + "/realms/" + realm + "/protocol/saml/clients/saml-app"), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.body()).doesNotContain("SAMLResponse");
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("SAMLResponse");
    }

    /** See {@link UncheckedSignIns}. */
    @Test
    void withEveryRequiredActionSwitchedOffNoSignInReachesAnApplicationUntilOneIsBack(TestEnvironment env) {
        UncheckedSignIns.noSignInWhileEveryRequiredActionIsOff(env, env.admin(), env.baseUrl());
    }

    @Test
    void aPhishingResistantMemberGetsNoTokenForATypedCodeWhateverElseTheRequestCarries(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-factor", Map.of("secondFactorRequiredFor", "nobody", "phishingResistantGroups", "/admins",
                "secondFactorGraceLogins", "0"), Map.of("quickLoginCheckMilliSeconds", 1));
        String group = env.admin().createGroup(realm, "admins");
        String secret = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        TestUser member = env.newUser(realm, "state-factor", Map.of("credentials", List.of(Totp.credential(secret), passkey())));
        env.admin().joinGroup(realm, member.id(), group);
        OidcClient api = PasswordGrant.apiClient(env, realm);

        for (Map<String, String> extra : List.of(Map.of("backup_code", ""), Map.of("backup_code", "", "sms_code", ""), Map.of("sms_code", ""))) {
            Map<String, String> form = new HashMap<>(extra);
            form.put("otp", Totp.code(secret));
            JsonNode refused = PasswordGrant.refused(api, member, form);
            assertThat(refused.path("error_description").asText()).as(extra.toString()).contains("passkey");
        }
    }

    @Test
    void aCredentialNoStepOfTheFlowAsksForDoesNotSatisfyTheRequirement(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-usable", Map.of("secondFactorRequiredFor", "everyone", "secondFactorGraceLogins", "0"));
        // Keycloak's recovery codes: a second factor, but the demo flows have no step that checks them
        TestUser user = env.newUser(realm, "state-usable", Map.of("credentials", List.of(recoveryCodes())));
        OidcClient oidc = env.oidc(realm);
        for (Map<String, String> params : List.of(Map.<String, String>of(), Map.of("acr_values", "1"))) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest(params).url()), user);
            assertThat(page.isCallback(oidc.redirectUri())).as(params + ": no sign-in with the password alone").isFalse();
            assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as(params + ": " + page.document().text()).isNotNull();
            if (params.isEmpty()) {
                // the set-up goes on: the codes this user holds are no second factor to confirm first
                page = LoginPages.chooseSetUpMethod(login, page, "app");
                assertThat(page.document().getElementById(LoginPages.TOTP_FORM)).as(page.document().text()).isNotNull();
            }
        }
        JsonNode refused = PasswordGrant.refused(PasswordGrant.apiClient(env, realm), user, Map.of());
        assertThat(refused.path("error_description").asText()).contains("second factor");
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactlyInAnyOrder("password", "recovery-authn-codes");
    }

    @Test
    void aPasswordOnlySessionChangesNeitherThePasswordNorTheEmailAddress(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-account", Map.of());
        TestUser user = env.newUserWithPhone(realm, "state-account");
        SignIns signIn = SignIns.passwordOnly(env, realm, user);

        HttpLogin.Page password = signIn.action(env, realm, "UPDATE_PASSWORD", Map.of("acr_values", "1"));
        assertThat(password.document().getElementById(CONFIRM)).as(password.document().text()).isNotNull();
        assertThat(password.document().getElementById("kc-passwd-update-form")).isNull();
        HttpLogin.Page forged = signIn.browser().postForm(password.form(CONFIRM).absUrl("action"),
                Map.of("password-new", "Taken-Over-1", "password-confirm", "Taken-Over-1"));
        assertThat(forged.document().getElementById(CONFIRM)).as("a forged post: " + forged.document().text()).isNotNull();

        HttpLogin.Page profile = signIn.action(env, realm, "UPDATE_PROFILE", Map.of("acr_values", "1"));
        HttpLogin.Page refused = signIn.browser().submit(profile, "kc-update-profile-form",
                Map.of("email", "attacker@example.test", "firstName", "Test", "lastName", "User"));
        assertThat(refused.document().getElementById(CONFIRM)).as(refused.document().text()).isNotNull();

        AccountApi account = env.accountApi(realm);
        String token = signIn.tokens().accessToken();
        AccountApi.Response rest = account.updateProfile(token, profile(user, "attacker@example.test", "Mallory"));
        assertThat(rest.status()).as(rest.body()).isEqualTo(403);
        assertThat(rest.json().path("error").asText()).isEqualTo("insufficient_user_authentication");
        // padded past the part of a body the rule reads (1 MiB): refused all the same, not passed on unread
        AccountApi.Response padded = account.updateProfile(token, Json.write(profile(user, "attacker@example.test", "Mallory"))
                + " ".repeat((1 << 20) + 16));
        assertThat(padded.status()).as(padded.body()).isEqualTo(403);
        assertThat(account.updateProfile(token, profile(user, user.email(), "Renamed")).status())
                .as("the rest of the profile needs no second factor").isEqualTo(204);

        JsonNode stored = env.admin().user(realm, user.id());
        assertThat(stored.path("email").asText()).isEqualTo(user.email());
        assertThat(stored.path("firstName").asText()).isEqualTo("Renamed");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("account_change_refused").contains("UPDATE_PASSWORD");

        // with a second factor from a minute ago, both go through (and the password is still the user's)
        SignIns fresh = SignIns.withSms(env, realm, user, 1);
        assertThat(fresh.action(env, realm, "UPDATE_PASSWORD", Map.of()).document().getElementById("kc-passwd-update-form")).isNotNull();
        AccountApi.Response changed = account.updateProfile(fresh.tokens().accessToken(), profile(user, "new-" + user.email(), "Test"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(env.admin().user(realm, user.id()).path("email").asText()).isEqualTo("new-" + user.email());
    }

    @Test
    void theProfileFormKeycloakAsksForByItselfChangesNoEmailAddressWithThePasswordAlone(TestEnvironment env) {
        String realm = env.realmWithPolicy("state-verify", Map.of());
        TestUser user = env.newUserWithPhone(realm, "state-verify");
        ObjectNode rep = (ObjectNode) env.admin().user(realm, user.id());
        rep.put("lastName", ""); // the realm's user profile requires it: Keycloak's VERIFY_PROFILE asks at the next sign-in
        env.admin().put("/admin/realms/" + realm + "/users/" + user.id(), rep).expect(204);
        OidcClient oidc = env.oidc(realm);

        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(oidc.authRequest(Map.of("acr_values", "1")).url()), user);
        assertThat(page.document().getElementById(PROFILE_FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().select("#" + PROFILE_FORM + " input[name=email]:not([readonly]):not([disabled])"))
                .as("Keycloak's form offers the e-mail address").isNotEmpty();
        HttpLogin.Page refused = login.submit(page, PROFILE_FORM, Map.of("email", "attacker@example.test", "firstName", "Test", "lastName", "User"));
        assertThat(refused.document().getElementById(CONFIRM)).as(refused.document().text()).isNotNull();
        assertThat(env.admin().user(realm, user.id()).path("email").asText()).isEqualTo(user.email());
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("account_change_refused");

        // what the form is for (the missing name) needs no second factor
        HttpLogin again = env.httpLogin();
        OidcClient.AuthRequest request = oidc.authRequest(Map.of("acr_values", "1"));
        page = LoginPages.password(again, again.open(request.url()), user);
        page = again.submit(page, PROFILE_FORM, Map.of("email", user.email(), "firstName", "Test", "lastName", "User"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).acr()).isEqualTo("1");
        assertThat(env.admin().user(realm, user.id()).path("lastName").asText()).isEqualTo("User");
    }

    private static Map<String, Object> profile(TestUser user, String email, String firstName) {
        return Map.of("username", user.username(), "email", email, "firstName", firstName, "lastName", "User");
    }

    /** A passkey as Keycloak stores it (the sign-in never gets to use it in these tests). */
    static Map<String, Object> passkey() {
        return Map.of("type", "webauthn-passwordless", "userLabel", "passkey", "secretData", "{}",
                "credentialData", Json.write(Map.of("aaguid", "00000000-0000-0000-0000-000000000000",
                        "credentialId", UUID.randomUUID().toString(), "counter", 0, "attestationStatementFormat", "none",
                        "credentialPublicKey", "pQECAyYgASFYIA")));
    }

    static Map<String, Object> recoveryCodes() {
        return Map.of("type", "recovery-authn-codes",
                "secretData", Json.write(Map.of("codes", List.of(Map.of("number", 1, "encodedHashedValue", "AAAA")))),
                "credentialData", Json.write(Map.of("algorithm", "SHA-512", "totalCodes", 1, "remainingCodes", 1)));
    }
}

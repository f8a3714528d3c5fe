package io.github.twofold.it.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.Burst;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Emergency access: who may grant, one use, forced re-enrollment, expiry, revocation, races. */
@TwofoldTest
class EmergencyAccessIT {

    private static final String FORM = "kc-twofold-emergency-form";
    private static final String ROLE = "twofold-emergency-access";

    private static String grants(String userId) {
        return "/admin/realms/%s/twofold-emergency-access/users/" + userId;
    }

    /** A help-desk admin of the realm: manage-users and, unless {@code withRole} is false, the emergency role. */
    private static TestUser helpDesk(TestEnvironment env, String realm, boolean withRole) {
        TestUser admin = env.newUser(realm, "helpdesk", Map.of());
        env.admin().assignClientRoles(realm, admin.id(), "realm-management", "view-users", "manage-users");
        if (withRole) {
            env.admin().assignClientRoles(realm, admin.id(), "realm-management", ROLE);
        }
        return admin;
    }

    private static AdminApi as(TestEnvironment env, TestUser user) {
        return env.admin().as(user.realm(), user.username(), user.password());
    }

    private static String grant(TestEnvironment env, TestUser admin, TestUser target, Map<String, Object> body) {
        JsonNode issued = as(env, admin).post(grants(target.id()).formatted(target.realm()), body).expect(201).json();
        String code = issued.path("code").asText();
        SecretScanner.get().register("emergency code", code);
        SecretScanner.get().register("emergency code", code.replace("-", ""));
        return code;
    }

    private static HttpLogin.Page emergencyPage(TestEnvironment env, HttpLogin login, TestUser user) {
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(user.realm()).authRequest().url()), user);
        assertThat(page.document().getElementById(FORM)).as("the emergency step is shown first: %s", page.document().text()).isNotNull();
        return page;
    }

    private static HttpLogin.Page submit(HttpLogin login, HttpLogin.Page page, String code) {
        return login.submit(page, FORM, Map.of("code", code, "login", "true"));
    }

    private static List<JsonNode> userEvents(TestEnvironment env, String realm, String userId, String twofoldEvent) {
        return StreamSupport.stream(env.admin().userEvents(realm, userId).spliterator(), false)
                .filter(e -> twofoldEvent.equals(e.path("details").path("twofold_event").asText())).toList();
    }

    @Test
    void onlyAnAdminWithTheRoleMayGrantAndNeverToThemself(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-who", Map.of());
        TestUser target = env.newUserWithPhone(realm, "ea-target");
        TestUser plain = env.newUser(realm, "ea-plain", Map.of());
        TestUser withoutRole = helpDesk(env, realm, false);
        TestUser helpDesk = helpDesk(env, realm, true);
        Map<String, Object> body = Map.of("reason", "lost phone, identity checked by video call");

        assertThat(as(env, plain).post(grants(target.id()).formatted(realm), body).status()).as("plain user").isEqualTo(403);
        AdminApi.Response refused = as(env, withoutRole).post(grants(target.id()).formatted(realm), body);
        assertThat(refused.status()).as("manage-users without the role").isEqualTo(403);
        assertThat(refused.body()).contains("needs the twofold-emergency-access role");
        assertThat(as(env, helpDesk).post(grants(helpDesk.id()).formatted(realm), body).status()).as("to themself").isEqualTo(403);
        assertThat(as(env, helpDesk).post(grants(target.id()).formatted(realm), Map.of()).status()).as("no reason").isEqualTo(400);
        assertThat(as(env, helpDesk).post(grants(target.id()).formatted(realm), Map.of("reason", "two\nlines")).status()).isEqualTo(400);
        assertThat(as(env, helpDesk).post(grants(target.id()).formatted(realm), Map.of("reason", "x", "lifetimeMinutes", 61)).status())
                .as("past the hard cap").isEqualTo(400);
        assertThat(as(env, helpDesk).post(grants("no-such-user").formatted(realm), body).status()).isEqualTo(404);

        assertThat(env.admin().credentialTypes(realm, target.id())).doesNotContain(ROLE);
        assertThat(env.admin().credentialTypes(realm, helpDesk.id())).doesNotContain(ROLE);
        assertThat(as(env, helpDesk).get(grants(target.id()).formatted(realm)).expect(200).json()).isEmpty();
        assertThat(as(env, withoutRole).get(grants(target.id()).formatted(realm)).status()).isEqualTo(403);
    }

    @Test
    void aGrantSignsInOnceAndTheUserMustSetUpANewPhoneFirst(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("ea-use", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "ea-use");
        TestUser helpDesk = helpDesk(env, realm, true);
        long before = System.currentTimeMillis() / 1000;
        JsonNode issued = as(env, helpDesk).post(grants(user.id()).formatted(realm), Map.of("reason", "phone stolen; ID checked at desk"))
                .expect(201).json();
        String code = issued.path("code").asText();
        SecretScanner.get().register("emergency code", code);
        SecretScanner.get().register("emergency code", code.replace("-", ""));
        assertThat(code).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){4}");
        assertThat(issued.path("expiresAt").asLong()).as("15 minutes by default").isBetween(before + 890, before + 910);
        JsonNode listed = as(env, helpDesk).get(grants(user.id()).formatted(realm)).expect(200).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("reason").asText()).isEqualTo("phone stolen; ID checked at desk");
        assertThat(listed.toString()).as("the code is shown once, at the grant").doesNotContain(code).doesNotContain(code.replace("-", ""));

        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        browser.open(request.url());
        LoginPages.password(browser, user);
        browser.waitForText("Enter your emergency access code");
        browser.screenshot("emergency-code");
        assertThat(env.sms().messagesTo(user.phone())).as("no SMS to the phone reported lost").isEmpty();
        browser.type(LoginPages.CODE, code.toLowerCase().replace("-", " ")).click(LoginPages.LOGIN);

        browser.await().until(d -> !d.findElements(By.id(LoginPages.CHOOSE_FORM)).isEmpty());
        browser.screenshot("emergency-then-set-up-2fa");
        browser.click(By.id("twofold-method-sms"));
        browser.await().until(d -> !d.findElements(By.id(LoginPages.PHONE_FORM)).isEmpty());
        assertThat(browser.url()).doesNotStartWith(env.oidc(realm).redirectUri());
        String newPhone = Phones.random();
        browser.type(By.id("phone"), newPhone).click(By.id("twofold-send-code"));
        String smsCode = env.sms().awaitCode(newPhone, 1);
        browser.type(LoginPages.CODE, smsCode).click(By.id("twofold-verify"));
        browser.waitForText("Save your backup codes");
        browser.findAll(By.cssSelector("#twofold-backup-codes-list li")).forEach(e -> {
            SecretScanner.get().register("backup code", e.getText().trim());
            SecretScanner.get().register("backup code", e.getText().trim().replace("-", ""));
        });
        browser.click(By.id("saved")).click(By.id("twofold-confirm"));
        browser.waitForUrl(env.oidc(realm).redirectUri());
        OidcClient.Tokens tokens = request.exchange(browser.url());
        assertThat(tokens.amr()).contains("pwd", "emergency").doesNotContain("sms").as("an emergency login is not mfa").doesNotContain("mfa");

        List<JsonNode> phones = StreamSupport.stream(env.admin().credentials(realm, user.id()).spliterator(), false)
                .filter(c -> c.path("type").asText().equals("twofold-sms")).toList();
        assertThat(phones).as("the lost phone was replaced").hasSize(1);
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain(ROLE);
        assertThat(as(env, helpDesk).get(grants(user.id()).formatted(realm)).expect(200).json()).as("used up").isEmpty();

        // the trail: who granted it, why, until when; that it was used; in the admin events too
        assertThat(userEvents(env, realm, user.id(), "emergency_access_granted")).singleElement().satisfies(e -> {
            assertThat(e.path("details").path("twofold_admin").asText()).isEqualTo(helpDesk.username());
            assertThat(e.path("details").path("twofold_reason").asText()).isEqualTo("phone stolen; ID checked at desk");
            assertThat(e.path("details").path("twofold_expires_at").asLong()).isEqualTo(issued.path("expiresAt").asLong());
        });
        assertThat(userEvents(env, realm, user.id(), "emergency_access_used")).singleElement().satisfies(e -> {
            assertThat(e.path("details").path("twofold_method").asText()).isEqualTo("emergency");
            assertThat(e.path("details").path("twofold_admin").asText()).isEqualTo(helpDesk.username());
        });
        assertThat(StreamSupport.stream(env.admin().adminEvents(realm).spliterator(), false)
                .filter(e -> e.path("resourceType").asText().equals("TWOFOLD_EMERGENCY_ACCESS")))
                .singleElement().satisfies(e -> {
                    assertThat(e.path("operationType").asText()).isEqualTo("CREATE");
                    assertThat(e.path("authDetails").path("userId").asText()).isEqualTo(helpDesk.id());
                    assertThat(e.path("representation").asText()).contains("phone stolen").doesNotContain(code.replace("-", "").substring(0, 8));
                });

        // a second login: no emergency step any more, the new phone gets the code
        HttpLogin login = env.httpLogin();
        HttpLogin.Page again = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        assertThat(again.document().getElementById(FORM)).isNull();
        assertThat(again.document().text()).contains("We sent a 6-digit code");
    }

    /** Three wrong SMS codes: the second step locks (the realms of these tests lock at three). */
    private static void lockSecondStep(TestEnvironment env, TestUser user) {
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(user.realm()).authRequest().url()), user);
        for (int i = 0; i < 3; i++) {
            page = LoginPages.code(login, page, "000000");
        }
        assertThat(userEvents(env, user.realm(), user.id(), "second_factor_locked")).as(page.document().text()).hasSize(1);
    }

    @Test
    void someoneWithOnlyThePasswordCannotKeepTheUserOut(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-lock", Map.of("secondFactorFailuresBeforeLock", "3", "secondFactorFailuresBeforeDelay", "3"),
                Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser helpDesk = helpDesk(env, realm, true);

        // the help desk's emergency code works while the lock holds
        TestUser locked = env.newUserWithPhone(realm, "ea-lock");
        lockSecondStep(env, locked);
        String code = grant(env, helpDesk, locked, Map.of("reason", "locked out by someone else, ID checked"));
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = emergencyPage(env, login, locked);
        // a mistyped emergency code while the lock holds: wrong, counted, and the person stays on the
        // page; the lock it did not reach is not reported (or mailed) again
        String mistyped = code.substring(0, code.length() - 1) + (code.endsWith("0") ? "1" : "0");
        page = submit(login, page, mistyped);
        assertThat(page.errorText()).contains("Invalid emergency access code");
        assertThat(page.document().getElementById(FORM)).as("no new sign-in: the code can be typed again").isNotNull();
        assertThat(userEvents(env, realm, locked.id(), "second_factor_locked")).as("the lock, once").hasSize(1);
        page = submit(login, page, code);
        assertThat(page.document().getElementById(FORM)).as(page.document().text()).isNull();
        assertThat(page.document().getElementById(LoginPages.CHOOSE_FORM)).as("on to the set-up: " + page.document().text()).isNotNull();
        // the right emergency code ended the lock, as an admin's unlock does: the new phone's code is looked at and the sign-in completes
        String newPhone = Phones.random();
        page = LoginPages.phone(login, LoginPages.chooseSetUpMethod(login, page, "sms"), newPhone);
        page = LoginPages.verifyPhone(login, page, env.sms().awaitCode(newPhone, 1));
        LoginPages.shownBackupCodes(page);
        page = LoginPages.confirmBackupCodes(login, page);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as("signed in with the new phone: " + page.document().text()).isTrue();

        // an admin who manages users (no emergency role needed) ends a lock; the user is told
        TestUser other = env.newUserWithPhone(realm, "ea-unlock");
        lockSecondStep(env, other);
        int sent = env.sms().messagesTo(other.phone()).size();
        HttpLogin stillLocked = env.httpLogin();
        LoginPages.password(stillLocked, stillLocked.open(env.oidc(realm).authRequest().url()), other);
        assertThat(env.sms().messagesTo(other.phone())).as("no SMS while locked").hasSize(sent);
        String lock = "/admin/realms/" + realm + "/twofold-emergency-access/users/" + other.id() + "/lock";
        TestUser plain = env.newUser(realm, "ea-plain", Map.of());
        assertThat(as(env, plain).delete(lock).status()).as("not an admin").isEqualTo(403);
        String unknown = "/admin/realms/" + realm + "/twofold-emergency-access/users/" + java.util.UUID.randomUUID() + "/lock";
        assertThat(as(env, plain).delete(unknown).status()).as("an unknown id, to whoever may not look users up: the same 403").isEqualTo(403);
        assertThat(as(env, helpDesk(env, realm, false)).delete(unknown).status()).as("an unknown id, to an admin of users").isEqualTo(404);
        JsonNode unlocked = as(env, helpDesk(env, realm, false)).delete(lock).expect(200).json();
        assertThat(unlocked.path("secondStepWasLocked").asBoolean()).isTrue();
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin again = env.httpLogin();
        page = LoginPages.password(again, again.open(request.url()), other);
        page = LoginPages.code(again, page, env.sms().awaitCode(other.phone(), sent + 1));
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        assertThat(userEvents(env, realm, other.id(), "second_factor_unlocked")).hasSize(1);
    }

    @Test
    @MovesClock
    void revokedAndExpiredCodesFailWithAClearMessageAndAreCounted(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-end", Map.of("secondFactorFailuresBeforeDelay", "10"), Map.of("quickLoginCheckMilliSeconds", 1));
        TestUser user = env.newUserWithPhone(realm, "ea-end");
        TestUser helpDesk = helpDesk(env, realm, true);

        String revoked = grant(env, helpDesk, user, Map.of("reason", "ticket 4711"));
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = emergencyPage(env, login, user);
        as(env, helpDesk).delete(grants(user.id()).formatted(realm)).expect(204);
        page = submit(login, page, revoked);
        assertThat(page.errorText()).contains("There is no emergency access for your account");
        assertThat(userEvents(env, realm, user.id(), "emergency_access_revoked")).hasSize(1);

        String replaced = grant(env, helpDesk, user, Map.of("reason", "ticket 4712"));
        String current = grant(env, helpDesk, user, Map.of("reason", "ticket 4713", "lifetimeMinutes", 1));
        login = env.httpLogin();
        page = emergencyPage(env, login, user);
        page = submit(login, page, replaced);
        assertThat(page.errorText()).as("a new grant replaces the one before").contains("Invalid emergency access code");
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(61));
            page = submit(login, page, current);
        }
        assertThat(page.errorText()).contains("This emergency access code has expired. Ask your help desk for a new one.");
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isFalse();
        assertThat(env.admin().recordedFailures(realm, user.id(), 3)).as("counted like any code").isEqualTo(3);
        assertThat(as(env, helpDesk).get(grants(user.id()).formatted(realm)).expect(200).json()).as("the expired grant is gone").isEmpty();
    }

    @Test
    void onlyARealmAdministratorGivesTheRightToGrant(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-right", Map.of());
        TestUser target = env.newUserWithPhone(realm, "ea-right-target");
        TestUser usersAdmin = helpDesk(env, realm, false);
        String management = env.admin().clientUuid(realm, "realm-management");
        JsonNode role = env.admin().get("/admin/realms/" + realm + "/clients/" + management + "/roles/" + ROLE).expect(200).json();
        String mapping = "/admin/realms/" + realm + "/users/" + usersAdmin.id() + "/role-mappings/clients/" + management;

        AdminApi.Response taken = as(env, usersAdmin).post(mapping, List.of(role));
        assertThat(taken.status()).as("manage-users gives itself the right: " + taken.body()).isEqualTo(403);
        assertThat(taken.body()).contains("Only a realm administrator");
        assertThat(as(env, usersAdmin).post(mapping, List.of(Map.of("name", ROLE))).status()).as("named only").isEqualTo(403);
        String padded = Json.write(List.of(role)) + " ".repeat((1 << 20) + 16);
        assertThat(as(env, usersAdmin).post(mapping, padded).status()).as("padded past the part of a body the rule reads (1 MiB)").isEqualTo(403);
        // Keycloak 26.7 answers 400 to a matrix parameter; the rule reads the path as routed in any case
        AdminApi.Response matrix = as(env, usersAdmin).post(mapping + ";v=1", List.of(role));
        assertThat(matrix.status()).as("a matrix parameter on the client's segment: " + matrix.body()).isNotEqualTo(204);
        assertThat(env.admin().get(mapping).expect(200).json().toString()).doesNotContain(ROLE);
        assertThat(as(env, usersAdmin).post(grants(target.id()).formatted(realm), Map.of("reason", "ticket 1")).status()).isEqualTo(403);

        // a group and a composite role that carry the right: whoever manages users can join or take them, so they give nothing
        String group = env.admin().createGroup(realm, "help-desk");
        env.admin().post("/admin/realms/" + realm + "/groups/" + group + "/role-mappings/clients/" + management, List.of(role)).expect(204);
        assertThat(as(env, usersAdmin).put("/admin/realms/" + realm + "/users/" + usersAdmin.id() + "/groups/" + group, Map.of()).status())
                .as("manage-users joins the group").isEqualTo(204);
        env.admin().post("/admin/realms/" + realm + "/roles", Map.of("name", "help-desk-duty", "composite", true)).expect(201);
        env.admin().post("/admin/realms/" + realm + "/roles/help-desk-duty/composites", List.of(role)).expect(204);
        JsonNode duty = env.admin().get("/admin/realms/" + realm + "/roles/help-desk-duty").expect(200).json();
        env.admin().post("/admin/realms/" + realm + "/users/" + usersAdmin.id() + "/role-mappings/realm", List.of(duty)).expect(204);
        assertThat(env.admin().get("/admin/realms/" + realm + "/users/" + usersAdmin.id() + "/role-mappings/clients/" + management + "/composite")
                .expect(200).json().toString()).as("Keycloak counts the right as held").contains(ROLE);
        AdminApi.Response throughGroup = as(env, usersAdmin).post(grants(target.id()).formatted(realm), Map.of("reason", "ticket 1b"));
        assertThat(throughGroup.status()).as("held through a group and a composite: " + throughGroup.body()).isEqualTo(403);
        assertThat(env.admin().credentialTypes(realm, target.id())).doesNotContain("twofold-emergency-access");

        TestUser realmAdmin = env.newUser(realm, "ea-right-admin", Map.of());
        env.admin().assignClientRoles(realm, realmAdmin.id(), "realm-management", "realm-admin");
        as(env, realmAdmin).post(mapping, List.of(role)).expect(204);
        assertThat(as(env, usersAdmin).post(grants(target.id()).formatted(realm), Map.of("reason", "ticket 2")).status())
                .as("given by a realm administrator").isEqualTo(201);
        assertThat(StreamSupport.stream(env.admin().adminEvents(realm).spliterator(), false)
                .filter(e -> e.path("resourcePath").asText().equals("users/" + usersAdmin.id() + "/role-mappings/clients/" + management)))
                .as("giving the right is an admin event").anySatisfy(e -> assertThat(e.path("authDetails").path("userId").asText()).isEqualTo(realmAdmin.id()));
    }

    /** An identity provider's role mapper maps the role directly at a brokered sign-in, with no administrator involved. */
    @Test
    void aRoleAnIdentityProviderMapsGivesNoRightToGrant(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-idp", Map.of());
        TestUser brokered = helpDesk(env, realm, true); // the mapping as a brokered sign-in would have made it
        String idps = "/admin/realms/" + realm + "/identity-provider/instances";
        env.admin().post(idps, Map.of("alias", "partner", "providerId", "oidc", "enabled", true, "config", Map.of(
                "clientId", "twofold", "clientSecret", "not-used", "clientAuthMethod", "client_secret_post",
                "authorizationUrl", "https://idp.example.test/auth", "tokenUrl", "https://idp.example.test/token"))).expect(201);
        assertThat(env.admin().post("/admin/realms/" + realm + "/users/" + brokered.id() + "/federated-identity/partner",
                Map.of("identityProvider", "partner", "userId", "partner-4711", "userName", "helpdesk@partner.example")).status()).isIn(201, 204);

        // linked to a provider that maps no such role: the direct mapping counts
        grant(env, brokered, env.newUserWithPhone(realm, "ea-idp-first"), Map.of("reason", "ticket 3"));

        env.admin().post(idps + "/partner/mappers", Map.of("name", "help desk", "identityProviderAlias", "partner",
                "identityProviderMapper", "hardcoded-role-idp-mapper", "config", Map.of("syncMode", "INHERIT", "role", "realm-management." + ROLE))).expect(201);
        TestUser target = env.newUserWithPhone(realm, "ea-idp-target");
        AdminApi.Response refused = as(env, brokered).post(grants(target.id()).formatted(realm), Map.of("reason", "ticket 4"));
        assertThat(refused.status()).as("the provider maps the role: " + refused.body()).isEqualTo(403);
        assertThat(env.admin().credentialTypes(realm, target.id())).doesNotContain("twofold-emergency-access");

        TestUser notLinked = helpDesk(env, realm, true);
        grant(env, notLinked, target, Map.of("reason", "ticket 4, by an account no provider maps"));
    }

    @Test
    void grantsExistOnlyThroughTheGrantEndpoint(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-made", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        Map<String, Object> handMade = Map.of("type", ROLE,
                "credentialData", Json.write(Map.of("expiresAt", 4_102_444_800L, "reason", "me", "grantedById", "x", "grantedBy", "x", "iterations", 1)),
                "secretData", Json.write(Map.of("hash", "AAAA:AAAA")));
        String username = Names.unique("ea-made", 6);
        AdminApi.Response created = env.admin().post("/admin/realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "credentials", List.of(handMade)));
        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.body()).contains("only be granted through");
        assertThat(env.admin().get("/admin/realms/" + realm + "/users?exact=true&username=" + username).expect(200).json()).as("no user").isEmpty();

        // a partial import of users, and a whole realm imported with such a user: refused, nothing stored
        AdminApi.Response partial = env.admin().post("/admin/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "OVERWRITE",
                "users", List.of(Map.of("username", username, "enabled", true, "credentials", List.of(handMade)))));
        assertThat(partial.status()).as(partial.body()).isBetween(400, 499);
        assertThat(env.admin().get("/admin/realms/" + realm + "/users?exact=true&username=" + username).expect(200).json()).as("no user").isEmpty();
        String imported = Names.unique("ea-import", 6);
        AdminApi.Response realmImport = env.admin().post("/admin/realms", Map.of("realm", imported, "enabled", true,
                "users", List.of(Map.of("username", username, "enabled", true, "credentials", List.of(handMade)))));
        assertThat(realmImport.status()).as(realmImport.body()).isBetween(400, 499);
        assertThat(env.admin().get("/admin/realms/" + imported).status()).as("no realm").isEqualTo(404);

        TestUser user = env.newUserWithPhone(realm, "ea-made");
        AdminApi.Response updated = env.admin().put("/admin/realms/" + realm + "/users/" + user.id(), Map.of("credentials", List.of(handMade)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(400);
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain(ROLE);

        // a grant the policy allowed when it was made, but not when it is used: refused, and gone
        TestUser helpDesk = helpDesk(env, realm, true);
        String code = grant(env, helpDesk, user, Map.of("reason", "ticket 3", "lifetimeMinutes", 30));
        env.admin().setPolicy(realm, "emergencyAccessMaxLifetimeMinutes", "10");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = submit(login, emergencyPage(env, login, user), code);
        assertThat(page.errorText()).contains("This emergency access code is not valid");
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).isFalse();
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain(ROLE);
    }

    @Test
    void theLostPhoneStopsWorkingOnceANewFactorIsSetUp(TestEnvironment env) {
        try (SmtpStub smtp = new SmtpStub()) {
            // trusted browsers on: an emergency sign-in must not end with an offer to trust the browser
            String realm = env.realmWithPolicy("ea-lost", Map.of("trustedBrowserDays", "30"), Map.of("quickLoginCheckMilliSeconds", 1,
                    "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test")));
            TestUser user = env.newUserWithPhone(realm, "ea-lost");
            String code = grant(env, helpDesk(env, realm, true), user, Map.of("reason", "phone lost, ID checked", "lost", "phone"));
            HttpLogin login = env.httpLogin();
            HttpLogin.Page page = submit(login, emergencyPage(env, login, user), code);
            assertThat(env.admin().credentialTypes(realm, user.id())).as("not before a new factor is set up").contains("twofold-sms");

            page = LoginPages.chooseSetUpMethod(login, page, "app");
            String secret = page.form(LoginPages.TOTP_FORM).selectFirst("#totpSecret").attr("value");
            SecretScanner.get().register("TOTP secret", secret);
            page = login.submit(page, LoginPages.TOTP_FORM, Map.of("totp", Totp.code(secret), "userLabel", "new phone app"));
            LoginPages.shownBackupCodes(page);
            page = LoginPages.confirmBackupCodes(login, page);
            assertThat(page.isCallback(env.oidc(realm).redirectUri())).as("straight to the application, no offer to trust the browser: "
                    + page.document().text()).isTrue();

            assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp", "twofold-backup-codes")
                    .doesNotContain("twofold-sms", "twofold-trusted-browser");
            assertThat(userEvents(env, realm, user.id(), "emergency_factors_retired")).singleElement()
                    .satisfies(e -> assertThat(e.path("details").path("twofold_lost").asText()).isEqualTo("phone"));
            String mail = smtp.await(user.email(), m -> m.subject().contains("The phone you reported lost")).text();
            assertThat(mail).contains(user.phone().substring(user.phone().length() - 4)).doesNotContain(user.phone());

            HttpLogin next = env.httpLogin();
            HttpLogin.Page again = LoginPages.password(next, next.open(env.oidc(realm).authRequest().url()), user);
            assertThat(again.document().getElementById("kc-otp-login-form")).as(again.document().text()).isNotNull();
            assertThat(env.sms().messagesTo(user.phone())).as("nothing ever went to the lost phone").isEmpty();
        }
    }

    @Test
    void twentyParallelUsesOfOneGrantSucceedExactlyOnce(TestEnvironment env) {
        String realm = env.realmWithPolicy("ea-race", Map.of("secondFactorFailuresBeforeDelay", "20", "secondFactorFailuresBeforeLock", "99",
                "secondFactorFailuresPerIpPerHour", "100000"), Map.of("bruteForceProtected", false));
        TestUser user = env.newUserWithPhone(realm, "ea-race");
        String code = grant(env, helpDesk(env, realm, true), user, Map.of("reason", "race test"));
        String server = env.baseUrl();
        List<HttpLogin.Page> pages = Burst.atOnce(env, 20, i -> env.oidc(realm).authRequest().url(), user, FORM,
                i -> Map.of("code", code, "login", "true"), i -> server);
        assertThat(pages).allSatisfy(p -> assertThat(p.status()).isLessThan(500));
        long succeeded = pages.stream().filter(p -> p.document().getElementById(LoginPages.CHOOSE_FORM) != null).count();
        assertThat(succeeded).as("logins that got past the emergency code").isEqualTo(1);
    }
}

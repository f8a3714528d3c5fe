package io.github.twofold.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.integrity.PasswordGrant;
import io.github.twofold.it.integrity.SignIns;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Per-organization rules (Keycloak's Organizations): in a realm whose own policy requires nobody to
 * have a second factor, the organization "strict" requires it of its members and has its own SMS
 * text, "relaxed" trusts browsers for 30 days. A member signs in under their organization's
 * rules, through the browser and the password grant; everyone else under the realm's; a scope
 * naming an organization the user is not in changes nothing; the limits stay the realm's.
 */
@TwofoldTest
class OrganizationPolicyIT {

    private static final String STRICT_TEXT = "Strict Corp sign-in code: {code}";

    private static String realm;
    private static String strict;
    private static String relaxed;

    @BeforeAll
    static void realmWithTwoOrganizations(TestEnvironment env) {
        realm = env.realmWithPolicy("orgs", Map.of("secondFactorRequiredFor", "nobody", "secondFactorGraceLogins", "0"),
                Map.of("organizationsEnabled", true, "quickLoginCheckMilliSeconds", 1));
        strict = organization(env.admin(), "strict", Map.of("twofold.secondFactorRequiredFor", List.of("everyone"),
                "twofold.smsMessageTemplate", List.of(STRICT_TEXT)));
        relaxed = organization(env.admin(), "relaxed", Map.of("twofold.trustedBrowserDays", List.of("30")));
        organizationScopeOn(env.admin(), env.oidc(realm).clientId());
    }

    private static String organization(AdminApi admin, String alias, Map<String, List<String>> attributes) {
        AdminApi.Response created = admin.post("/admin/realms/" + realm + "/organizations", Map.of("name", alias.toUpperCase() + " Corp",
                "alias", alias, "enabled", true, "domains", List.of(Map.of("name", alias + ".test")), "attributes", attributes)).expect(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Keycloak's {@code organization} client scope, optional on the application, so that a request may name an organization. */
    private static void organizationScopeOn(AdminApi admin, String clientId) {
        String scopeId = null;
        for (JsonNode scope : admin.get("/admin/realms/" + realm + "/client-scopes").expect(200).json()) {
            if ("organization".equals(scope.path("name").asText())) {
                scopeId = scope.path("id").asText();
            }
        }
        if (scopeId == null) {
            AdminApi.Response created = admin.post("/admin/realms/" + realm + "/client-scopes", Map.of("name", "organization",
                    "protocol", "openid-connect", "protocolMappers", List.of(Map.of("name", "organization", "protocol", "openid-connect",
                            "protocolMapper", "oidc-organization-membership-mapper",
                            "config", Map.of("id.token.claim", "true", "access.token.claim", "true", "multivalued", "true"))))).expect(201);
            String location = created.headers().firstValue("Location").orElseThrow();
            scopeId = location.substring(location.lastIndexOf('/') + 1);
        }
        String client = admin.clientUuid(realm, clientId);
        admin.put("/admin/realms/" + realm + "/clients/" + client + "/optional-client-scopes/" + scopeId, Map.of()).expect(204);
    }

    private static TestUser member(TestEnvironment env, TestUser user, String... organizations) {
        for (String organization : organizations) {
            env.admin().post("/admin/realms/" + realm + "/organizations/" + organization + "/members", "\"" + user.id() + "\"").expect(201);
        }
        return user;
    }

    private static HttpLogin.Page signIn(TestEnvironment env, TestUser user, Map<String, String> extra) {
        HttpLogin login = env.httpLogin();
        return LoginPages.password(login, login.open(env.oidc(realm).authRequest(extra).url()), user);
    }

    private static boolean askedToSetUp(HttpLogin.Page page) {
        return page.document().getElementById(LoginPages.CHOOSE_FORM) != null;
    }

    @Test
    void eachMemberSignsInUnderTheirOrganizationsRulesAndEveryoneElseUnderTheRealms(TestEnvironment env, Browser browser) {
        TestUser strictMember = member(env, env.newUser(realm, "org-strict", Map.of()), strict);
        TestUser relaxedMember = member(env, env.newUser(realm, "org-relaxed", Map.of()), relaxed);
        TestUser nobodysMember = env.newUser(realm, "org-none", Map.of());

        HttpLogin.Page page = signIn(env, strictMember, Map.of());
        assertThat(askedToSetUp(page)).as("strict requires a second factor: " + page.document().text()).isTrue();
        // what the request asks for does not lower the organization's rule
        assertThat(askedToSetUp(signIn(env, strictMember, Map.of("acr_values", "1")))).as("acr_values=1").isTrue();
        assertThat(askedToSetUp(signIn(env, strictMember, Map.of("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"1\"]}}}"))))
                .as("an essential acr claim of 1").isTrue();
        assertThat(signIn(env, relaxedMember, Map.of()).isCallback(env.oidc(realm).redirectUri())).as("relaxed keeps the realm's rule").isTrue();
        assertThat(signIn(env, nobodysMember, Map.of()).isCallback(env.oidc(realm).redirectUri())).as("no organization: the realm's rule").isTrue();

        browser.open(env.oidc(realm).authRequest().url());
        LoginPages.password(browser, strictMember);
        browser.waitForText("Set up two-step sign-in");
        browser.screenshot("organization-requires-set-up");
        assertThat(browser.url()).doesNotStartWith(env.oidc(realm).redirectUri());
    }

    @Test
    void thePasswordGrantFollowsTheMembersOrganization(TestEnvironment env) {
        TestUser strictMember = member(env, env.newUser(realm, "org-grant-strict", Map.of()), strict);
        TestUser relaxedMember = member(env, env.newUser(realm, "org-grant-relaxed", Map.of()), relaxed);
        OidcClient api = PasswordGrant.apiClient(env, realm);

        assertThat(PasswordGrant.refused(api, strictMember, Map.of()).path("error_description").asText())
                .isEqualTo("Set up a second factor by signing in with a browser first");
        assertThat(PasswordGrant.refused(api, strictMember, Map.of("scope", "openid organization:relaxed")).path("error_description").asText())
                .as("a scope naming an organization the user is not in").isEqualTo("Set up a second factor by signing in with a browser first");
        assertThat(PasswordGrant.token(api, relaxedMember, Map.of()).accessToken()).isNotBlank();
    }

    /**
     * What the request says never picks the rules of an organization the user is not in; a member
     * of both organizations signs in under the one the sign-in is for, and under the realm's when it
     * is for neither (the admin guide says so).
     */
    @Test
    void aScopeNamingAnotherOrganizationDoesNotChangeTheRules(TestEnvironment env) {
        TestUser strictMember = member(env, env.newUser(realm, "org-scope", Map.of()), strict);
        assertThat(askedToSetUp(signIn(env, strictMember, Map.of("scope", "openid organization:relaxed")))).isTrue();
        assertThat(askedToSetUp(signIn(env, strictMember, Map.of("scope", "openid organization")))).isTrue();

        TestUser both = member(env, env.newUser(realm, "org-both", Map.of()), strict, relaxed);
        assertThat(askedToSetUp(signIn(env, both, Map.of("scope", "openid organization:strict")))).isTrue();
        assertThat(signIn(env, both, Map.of("scope", "openid organization:relaxed")).isCallback(env.oidc(realm).redirectUri())).isTrue();
        assertThat(signIn(env, both, Map.of()).isCallback(env.oidc(realm).redirectUri())).as("for neither: the realm's").isTrue();

        // a session started under the relaxed rules does not carry them to a sign-in for the strict organization
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page relaxedSignIn = LoginPages.password(browser, browser.open(env.oidc(realm).authRequest(Map.of("scope", "openid organization:relaxed")).url()), both);
        assertThat(relaxedSignIn.isCallback(env.oidc(realm).redirectUri())).isTrue();
        HttpLogin.Page reused = browser.open(env.oidc(realm).authRequest(Map.of("scope", "openid organization:strict")).url());
        assertThat(reused.isCallback(env.oidc(realm).redirectUri())).as("SSO re-use: " + reused.document().text()).isFalse();
        assertThat(askedToSetUp(reused)).isTrue();
    }

    @Test
    void theSmsTextAndTrustedBrowsersAreTheOrganizations(TestEnvironment env) {
        TestUser strictMember = member(env, env.newUserWithPhone(realm, "org-sms-strict"), strict);
        TestUser relaxedMember = member(env, env.newUserWithPhone(realm, "org-sms-relaxed"), relaxed);
        TestUser nobodysMember = env.newUserWithPhone(realm, "org-sms-none");

        HttpLogin.Page strictPage = signIn(env, strictMember, Map.of());
        String code = env.sms().awaitCode(strictMember.phone(), 1);
        assertThat(env.sms().lastMessageTo(strictMember.phone()).body()).isEqualTo(STRICT_TEXT.replace("{code}", code));
        assertThat(strictPage.document().getElementById("trustBrowser")).as("the realm trusts no browser").isNull();

        HttpLogin.Page relaxedPage = signIn(env, relaxedMember, Map.of());
        env.sms().awaitCode(relaxedMember.phone(), 1);
        assertThat(env.sms().lastMessageTo(relaxedMember.phone()).body()).as("the translated text").contains("is your").doesNotContain("Strict");
        assertThat(relaxedPage.document().getElementById("trustBrowser")).as(relaxedPage.document().text()).isNotNull();
        assertThat(relaxedPage.document().text()).contains("Don’t ask again on this browser for 30 days");

        HttpLogin.Page otherPage = signIn(env, nobodysMember, Map.of());
        env.sms().awaitCode(nobodysMember.phone(), 1);
        assertThat(otherPage.document().getElementById("trustBrowser")).isNull();
    }

    /**
     * The organization's rule holds at the doors that remove a factor, not only at sign-in: a strict
     * member's only phone stays, asked through Keycloak's Account REST API with the bearer token of
     * a sign-in that verified it just now and through Keycloak's own {@code delete_credential}
     * action; a relaxed member (the realm's rule: nobody must have one) may remove theirs. The
     * tokens of both sign-ins claim the SMS code they verified, and no more.
     */
    @Test
    void aStrictMembersLastFactorStaysThroughTheAccountApiAndKeycloaksDeleteAction(TestEnvironment env) {
        TestUser strictMember = member(env, env.newUserWithPhone(realm, "org-keep-strict"), strict);
        TestUser relaxedMember = member(env, env.newUserWithPhone(realm, "org-keep-relaxed"), relaxed);
        AccountApi account = env.accountApi(realm);

        SignIns strictSignIn = SignIns.withSms(env, realm, strictMember, 1);
        assertThat(strictSignIn.tokens().acr()).isEqualTo("2");
        assertThat(strictSignIn.tokens().amr()).contains("sms").doesNotContain("otp", "hwk");
        String strictPhone = SignIns.credentialId(env, realm, strictMember, "twofold-sms");
        AccountApi.Response refused = account.delete(strictSignIn.tokens().accessToken(), strictPhone);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("last_second_factor");
        HttpLogin.Page action = strictSignIn.action(env, realm, "delete_credential:" + strictPhone, Map.of());
        assertThat(action.status()).isLessThan(500);
        assertThat(action.document().text()).contains("This is your last way to confirm sign-ins");
        assertThat(env.admin().credentialTypes(realm, strictMember.id())).contains("twofold-sms");

        SignIns relaxedSignIn = SignIns.withSms(env, realm, relaxedMember, 1);
        assertThat(relaxedSignIn.tokens().amr()).contains("sms");
        AccountApi.Response removed = account.delete(relaxedSignIn.tokens().accessToken(),
                SignIns.credentialId(env, realm, relaxedMember, "twofold-sms"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(env.admin().credentialTypes(realm, relaxedMember.id())).doesNotContain("twofold-sms");
    }

    @Test
    void settingsAnOrganizationCannotChangeAreRefusedOrIgnored(TestEnvironment env) {
        String api = "/admin/realms/" + realm + "/twofold-organizations/relaxed";
        AdminApi.Response limit = env.admin().put(api, Map.of("smsPerUserPerHour", "1000"));
        assertThat(limit.status()).as(limit.body()).isEqualTo(400);
        assertThat(limit.body()).contains("twofold.smsPerUserPerHour").contains("an organization cannot change this setting");
        AdminApi.Response bad = env.admin().put(api, Map.of("secondFactorRequiredFor", "sometimes", "trustedBrowserDays", "400"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("twofold.secondFactorRequiredFor").contains("twofold.trustedBrowserDays");
        AdminApi.Response tooLong = env.admin().put(api, Map.of("smsMessageTemplate", "x".repeat(300) + " {code}"));
        assertThat(tooLong.status()).as("more than Keycloak stores for an organization: " + tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body()).contains("twofold.smsMessageTemplate").contains("longer than 255 characters");
        assertThat(env.admin().get(api).expect(200).json().path("overrides").toString()).as("nothing stored")
                .isEqualTo("{\"trustedBrowserDays\":\"30\"}");

        // through Keycloak's own organization API (what the console's Attributes tab saves): ignored, and listed as a problem
        JsonNode organization = env.admin().get("/admin/realms/" + realm + "/organizations/" + relaxed).expect(200).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) organization.path("attributes")).putArray("twofold.smsPerUserPerHour").add("1000");
        env.admin().put("/admin/realms/" + realm + "/organizations/" + relaxed, organization).expect(204);
        JsonNode listed = env.admin().get("/admin/realms/" + realm + "/twofold-organizations").expect(200).json();
        assertThat(listed.toString()).contains("\"alias\":\"relaxed\"").contains("twofold.smsPerUserPerHour: an organization cannot change this setting");
        JsonNode shown = env.admin().get(api).expect(200).json();
        assertThat(shown.path("overrides").has("smsPerUserPerHour")).isFalse();
        assertThat(shown.path("policy").path("trustedBrowserDays").asText()).isEqualTo("30");
        assertThat(shown.path("policy").path("secondFactorRequiredFor").asText()).as("the realm's").isEqualTo("nobody");

        // a valid change through Twofold's API keeps the organization's other attributes and replaces its Twofold ones
        env.admin().put(api, Map.of("trustedBrowserDays", "7", "setUpMethods", List.of("app", "sms"))).expect(204);
        JsonNode after = env.admin().get("/admin/realms/" + realm + "/organizations/" + relaxed).expect(200).json().path("attributes");
        assertThat(after.has("twofold.smsPerUserPerHour")).isFalse();
        assertThat(after.path("twofold.trustedBrowserDays").get(0).asText()).isEqualTo("7");
        assertThat(after.path("twofold.setUpMethods").toString()).isEqualTo("[\"app\",\"sms\"]");
        assertThat(env.admin().adminEvents(realm).toString()).contains("TWOFOLD_ORGANIZATION_POLICY");
        env.admin().put(api, Map.of("trustedBrowserDays", "30")).expect(204);

        // only realm managers change it
        TestUser viewer = env.newUser(realm, "org-viewer", Map.of());
        env.admin().assignClientRoles(realm, viewer.id(), "realm-management", "view-realm");
        AdminApi asViewer = env.admin().as(realm, viewer.username(), viewer.password());
        assertThat(asViewer.get(api).status()).isEqualTo(200);
        assertThat(asViewer.put(api, Map.of("trustedBrowserDays", "1")).status()).isEqualTo(403);
    }

    /**
     * An organization that offers a kind of factor its realm's browser flow never asks for is named
     * with a warning by the admin API (and in the server log at start): its members would hold a
     * factor no step verifies.
     */
    @Test
    void theApiWarnsWhenAnOrganizationOffersAFactorNoStepVerifies(TestEnvironment env) {
        String flowless = env.realmWithPolicy("orgs-flow", Map.of(), Map.of("organizationsEnabled", true));
        env.admin().usePasswordOnlyBrowserFlow(flowless);
        env.admin().post("/admin/realms/" + flowless + "/organizations", Map.of("name", "SMS Corp", "alias", "sms-corp", "enabled", true,
                "domains", List.of(Map.of("name", "sms-corp.test")), "attributes", Map.of("twofold.setUpMethods", List.of("sms"))))
                .expect(201);
        JsonNode shown = env.admin().get("/admin/realms/" + flowless + "/twofold-organizations/sms-corp").expect(200).json();
        assertThat(shown.path("warnings").toString())
                .contains("organization sms-corp: its members can set up sms (twofold-sms) but no enabled step of the browser flow verifies it");
        assertThat(shown.path("problems")).as("the setting itself is valid").isEmpty();
        assertThat(env.admin().get("/admin/realms/" + realm + "/twofold-organizations/strict").expect(200).json().path("warnings"))
                .as("the demo flow verifies every kind").isEmpty();
    }

    /**
     * The stock admin console shows an organization's Twofold settings as its attributes, and a
     * value changed and saved there is the next sign-in's rule.
     */
    @Test
    void anAdminChangesAnOrganizationsRuleInTheStockConsole(TestEnvironment env, Browser browser) {
        String console = organization(env.admin(), "console", Map.of("twofold.secondFactorRequiredFor", List.of("everyone")));
        TestUser user = member(env, env.newUser(realm, "org-console", Map.of()), console);
        assertThat(askedToSetUp(signIn(env, user, Map.of()))).isTrue();

        browser.open(env.baseUrl() + "/admin/master/console/#/" + realm + "/organizations/" + console + "/attributes");
        browser.type(LoginPages.USERNAME, "admin").type(LoginPages.PASSWORD, "admin").click(LoginPages.LOGIN);
        WebElement value = browser.await().until(d -> d.findElements(By.tagName("input")).stream()
                .filter(input -> "everyone".equals(input.getAttribute("value"))).findFirst().orElse(null));
        assertThat(browser.driver().findElements(By.tagName("input")).stream().map(input -> input.getAttribute("value")))
                .as("the key beside it").contains("twofold.secondFactorRequiredFor");
        browser.screenshot("organization-attributes");
        value.click();
        value.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        value.sendKeys("nobody");
        browser.click(By.xpath("//button[normalize-space()='Save']"));
        browser.await().until(d -> env.admin().get("/admin/realms/" + realm + "/organizations/" + console).expect(200).json()
                .path("attributes").path("twofold.secondFactorRequiredFor").toString().equals("[\"nobody\"]"));
        browser.screenshot("organization-attributes-saved");

        assertThat(signIn(env, user, Map.of()).isCallback(env.oidc(realm).redirectUri())).as("the console's value is the rule").isTrue();
    }
}

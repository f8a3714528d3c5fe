package io.github.twofold.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.AccountApi;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "This wasn't me" in a security e-mail: the link opens a page that changes nothing; its button
 * ends every session of the user, removes the factor the e-mail reported, and is recorded; the link
 * works once, for its own user only, and not when altered or expired.
 */
@TwofoldTest
class NotMeLinkIT {

    private static final SmtpStub SMTP = new SmtpStub();
    private static final Pattern LINK = Pattern.compile("(http\\S+/twofold/not-me\\?t=[A-Za-z0-9._~%-]+)");
    private static final String FORM = "kc-twofold-not-me-form";

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    private static String realmWithMail(TestEnvironment env, String prefix) {
        return realmWithMail(env, prefix, Map.of());
    }

    private static String realmWithMail(TestEnvironment env, String prefix, Map<String, String> policy) {
        return env.realmWithMail(SMTP, prefix, policy);
    }

    /** Someone with the password sets up a phone of their own; returns their tokens. The e-mail "a phone was added" goes to the user. */
    private static OidcClient.Tokens phoneAddedBySomeoneElse(TestEnvironment env, TestUser user) {
        OidcClient oidc = env.oidc(user.realm());
        OidcClient.AuthRequest request = oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone"));
        HttpLogin login = env.httpLogin();
        String phone = Phones.random();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.phone(login, page, phone);
        page = LoginPages.verifyPhone(login, page, env.sms().awaitMessage(phone, 1).code());
        if (page.document().getElementById(LoginPages.BACKUP_CODES_FORM) != null) {
            page = LoginPages.confirmBackupCodes(login, page);
        }
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
        return request.exchange(page.url());
    }

    /** The "this wasn't me" link of the user's "a phone was added" e-mail (registered as a secret: no log may carry it). */
    private static String linkOfPhoneAddedMail(TestEnvironment env, TestUser user) {
        return linkOfMail(env, user, "A phone was added");
    }

    private static String linkOfMail(TestEnvironment env, TestUser user, String subject) {
        String text = SMTP.await(user.email(), m -> m.subject().contains(subject)).text();
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String url = link.group(1);
        env.secrets().register("this-wasn't-me link", url.substring(url.indexOf("?t=") + 3));
        return url;
    }

    private static int sessions(TestEnvironment env, TestUser user) {
        return env.admin().get("/admin/realms/" + user.realm() + "/users/" + user.id() + "/sessions").expect(200).json().size();
    }

    private static boolean reported(TestEnvironment env, TestUser user) {
        for (JsonNode e : env.admin().userEvents(user.realm(), user.id())) {
            if ("change_reported".equals(e.path("details").path("twofold_event").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theLinkEndsEverySessionAndRemovesThePhoneTheMailReportedOnce(TestEnvironment env, Browser chromium) {
        String realm = realmWithMail(env, "not-me");
        TestUser user = env.newUser(realm, "not-me", Map.of());
        OidcClient.Tokens stolen = phoneAddedBySomeoneElse(env, user);
        String link = linkOfPhoneAddedMail(env, user);
        assertThat(sessions(env, user)).isEqualTo(1);

        // opening the link (a mail scanner does) changes nothing
        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = browser.open(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.document().getElementById(FORM)).as(page.document().text()).isNotNull();
        assertThat(page.document().getElementById("twofold-not-me-undo")).as("the page says the phone goes").isNotNull();
        assertThat(sessions(env, user)).isEqualTo(1);
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms");
        assertThat(reported(env, user)).isFalse();

        // in a real browser, in German first (the page follows the realm's languages), then pressing the button
        chromium.open(link + "&kc_locale=de").waitForText("Das war ich nicht");
        chromium.screenshot("not-me-confirm-de");
        chromium.open(link + "&kc_locale=en").waitForText("Secure my account");
        chromium.screenshot("not-me-confirm");
        assertThat(sessions(env, user)).isEqualTo(1);
        chromium.click(By.id("twofold-not-me-confirm")).waitForText("Your account is secured");
        chromium.screenshot("not-me-done");
        assertThat(chromium.text()).contains("was removed").contains("Change your password now");
        assertThat(sessions(env, user)).as("every session ended").isZero();
        assertThat(env.admin().credentialTypes(realm, user.id())).as("the phone the mail reported is gone").doesNotContain("twofold-sms");
        HttpResponse<String> refresh = env.oidc(realm).post("/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "client_id", env.oidc(realm).clientId(), "refresh_token", stolen.refreshToken()));
        assertThat(refresh.statusCode()).as("the other person's refresh token: " + refresh.body()).isEqualTo(400);
        JsonNode event = null;
        for (JsonNode e : env.admin().userEvents(realm, user.id())) {
            if ("change_reported".equals(e.path("details").path("twofold_event").asText())) {
                event = e;
            }
        }
        assertThat(event).as("the report is an event the admins see").isNotNull();
        assertThat(event.path("details").path("twofold_reason").asText()).isEqualTo("reported_by_user");
        assertThat(event.path("details").path("twofold_notice").asText()).isEqualTo("phone_added");
        assertThat(event.path("details").path("credential_type").asText()).isEqualTo("twofold-sms");

        // once only: the same link again, and its form posted again
        HttpLogin.Page again = env.httpLogin().open(link);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.document().text()).contains("already used");
        assertThat(browser.submit(page(env, link), FORM, Map.of()).document().text()).contains("already used");
        chromium.open(link).waitForText("already used");
        chromium.screenshot("not-me-used");
    }

    /** The confirmation page of a link that is still valid, to post it a second time. */
    private static HttpLogin.Page page(TestEnvironment env, String link) {
        return new HttpLogin.Page(link, 200, "<form id=\"" + FORM + "\" method=\"post\" action=\"" + link.substring(0, link.indexOf('?'))
                + "\"><input type=\"hidden\" name=\"t\" value=\"" + link.substring(link.indexOf("?t=") + 3) + "\"></form>");
    }

    @Test
    @MovesClock
    void anAlteredAnotherUsersOrAnExpiredLinkDoesNothing(TestEnvironment env) {
        String realm = realmWithMail(env, "not-me-bad");
        TestUser user = env.newUser(realm, "not-me-bad", Map.of());
        TestUser other = env.newUser(realm, "not-me-other", Map.of());
        phoneAddedBySomeoneElse(env, user);
        phoneAddedBySomeoneElse(env, other);
        String link = linkOfPhoneAddedMail(env, user);
        String othersLink = linkOfPhoneAddedMail(env, other);

        // one character of the signature changed (not its last, whose low bits base64 may ignore)
        int at = link.length() - 10;
        String altered = link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
        HttpLogin.Page page = env.httpLogin().open(altered);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.document().text()).contains("This link is not valid");
        assertThat(page.document().getElementById(FORM)).isNull();
        assertThat(env.httpLogin().submit(page(env, altered), FORM, Map.of()).document().text()).contains("This link is not valid");

        // the other user's link secures the other user only
        HttpLogin.Page others = env.httpLogin().open(othersLink);
        env.httpLogin().submit(others, FORM, Map.of());
        assertThat(env.admin().credentialTypes(realm, other.id())).doesNotContain("twofold-sms");
        assertThat(sessions(env, user)).isEqualTo(1);
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms");

        // past its 14 days the link does nothing, opened or posted
        HttpLogin.Page valid = env.httpLogin().open(link);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofDays(15));
            HttpLogin.Page expired = env.httpLogin().open(link);
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.document().text()).contains("This link has expired");
            assertThat(env.httpLogin().submit(valid, FORM, Map.of()).document().text()).contains("This link has expired");
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("twofold-sms");
        assertThat(reported(env, user)).isFalse();
    }

    @Test
    void afterAReportNoFactorChangesUntilAnAdminLiftsTheHold(TestEnvironment env, Browser chromium) {
        String realm = realmWithMail(env, "not-me-hold", Map.of("reportsEmail", "helpdesk@twofold.test"));
        TestUser user = env.newUser(realm, "not-me-hold", Map.of());
        phoneAddedBySomeoneElse(env, user);
        String link = linkOfPhoneAddedMail(env, user);
        HttpLogin reporter = env.httpLogin();
        assertThat(reporter.submit(reporter.open(link), FORM, Map.of()).document().text()).contains("Your account is secured");
        String toHelpDesk = SMTP.await("helpdesk@twofold.test", m -> m.subject().contains("A user reported a change")).text();
        assertThat(toHelpDesk).as("the help desk is told who, with no link of the user's").contains(user.username())
                .contains("on hold").doesNotContain("/twofold/not-me");
        String hold = "/admin/realms/" + realm + "/twofold-emergency-access/users/" + user.id() + "/report-hold";
        assertThat(env.admin().get(hold).expect(200).json().path("onHold").asBoolean()).isTrue();
        String holds = "/admin/realms/" + realm + "/twofold-emergency-access/report-holds";
        JsonNode listed = env.admin().get(holds).expect(200).json();
        assertThat(listed).as("the realm's list of holds").hasSize(1);
        assertThat(listed.get(0).path("userId").asText()).isEqualTo(user.id());
        assertThat(listed.get(0).path("username").asText()).isEqualTo(user.username());
        assertThat(listed.get(0).path("since").asLong()).isPositive();

        // the other person still knows the password: no phone of theirs through the page ...
        OidcClient oidc = env.oidc(realm);
        HttpLogin again = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(again, again.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), user);
        assertThat(page.status()).as(page.document().text()).isEqualTo(403);
        assertThat(page.document().text()).contains("on hold");
        assertThat(page.document().getElementById(LoginPages.PHONE_FORM)).isNull();
        // ... nor through Keycloak's own authenticator-app set-up
        HttpLogin keycloaks = env.httpLogin();
        page = LoginPages.password(keycloaks, keycloaks.open(oidc.authRequest(Map.of("kc_action", "CONFIGURE_TOTP")).url()), user);
        assertThat(page.status()).as(page.document().text()).isEqualTo(403);
        assertThat(page.document().text()).contains("on hold");
        assertThat(page.document().getElementById(LoginPages.TOTP_FORM)).isNull();
        chromium.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url());
        LoginPages.password(chromium, user);
        chromium.waitForText("on hold");
        chromium.screenshot("not-me-hold");

        // ... nor through the app API, with a token of a password-only sign-in
        OidcClient.AuthRequest request = oidc.authRequest();
        HttpLogin plain = env.httpLogin();
        page = LoginPages.password(plain, plain.open(request.url()), user);
        String token = request.exchange(page.url()).accessToken();
        HttpResponse<String> codes = appApi(env, realm, "POST", "backup-codes", token);
        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(403);
        assertThat(codes.body()).contains("urn:twofold:problem:report-hold");
        assertThat(appApi(env, realm, "GET", "factors", token).body()).contains("\"mayChangeFactors\":false");
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("twofold-sms", "twofold-backup-codes");

        // the password still changes
        HttpLogin owner = env.httpLogin();
        page = LoginPages.password(owner, owner.open(oidc.authRequest(Map.of("kc_action", "UPDATE_PASSWORD")).url()), user);
        page = owner.submit(page, "kc-passwd-update-form", Map.of("password-new", "Mine-Again-1", "password-confirm", "Mine-Again-1"));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();

        // the help desk lifts the hold: set-up works again
        assertThat(env.admin().delete(hold).expect(200).json().path("onHold").asBoolean()).isTrue();
        assertThat(env.admin().get(hold).expect(200).json().path("onHold").asBoolean()).isFalse();
        env.admin().delete(hold).expect(404);
        assertThat(env.admin().get(holds).expect(200).json()).as("lifted: off the list").isEmpty();
        TestUser renamed = new TestUser(user.realm(), user.id(), user.username(), "Mine-Again-1", user.email(), null, null);
        HttpLogin after = env.httpLogin();
        page = LoginPages.password(after, after.open(oidc.authRequest(Map.of("kc_action", "twofold-set-up-phone")).url()), renamed);
        assertThat(page.document().getElementById(LoginPages.PHONE_FORM)).as(page.document().text()).isNotNull();
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("report_hold_lifted");
    }

    /** Keycloak's Account REST API, the door of the account console, waits for the hold too: even with a fresh second factor. */
    @Test
    void anAccountRestRemovalWaitsForTheHoldToo(TestEnvironment env) {
        String realm = realmWithMail(env, "not-me-rest");
        TestUser user = env.newUserWithPhoneAndTotp(realm, "not-me-rest");
        String link = linkOfMail(env, user, "An administrator added a way to confirm your sign-ins");
        HttpLogin reporter = env.httpLogin();
        reporter.submit(reporter.open(link), FORM, Map.of());
        assertThat(env.admin().credentialTypes(realm, user.id())).as("the notice named no credential: nothing removed").contains("twofold-sms", "otp");

        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(request.url()), user);
        page = LoginPages.code(login, page, env.sms().awaitCode(user.phone(), 1));
        String token = request.exchange(page.url()).accessToken();
        AccountApi account = new AccountApi(env.baseUrl(), realm);
        String otp = null;
        for (JsonNode c : env.admin().credentials(realm, user.id())) {
            if ("otp".equals(c.path("type").asText())) {
                otp = c.path("id").asText();
            }
        }
        AccountApi.Response removal = account.delete(token, otp);
        assertThat(removal.status()).as(removal.body()).isEqualTo(403);
        assertThat(removal.body()).contains("report_hold");
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp");
    }

    private static HttpResponse<String> appApi(TestEnvironment env, String realm, String method, String path, String token) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(env.baseUrl() + "/realms/" + realm + "/twofold/account/" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

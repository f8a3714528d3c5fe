package io.github.twofold.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The reset-password flow: access to the mailbox alone changes nothing and signs nobody in. */
@TwofoldTest
class ResetPasswordIT {

    private static final SmtpStub SMTP = new SmtpStub();
    private static final String CONFIRM = "kc-twofold-confirm-form";
    private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/realms/[^\\s\"<>]+/login-actions/action-token\\?key=[^\\s\"<>]+)");

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    @Test
    void theEmailLinkLeadsToTheSecondFactorBeforeANewPasswordAndTheLogin(TestEnvironment env) {
        String realm = env.realmWithPolicy("reset", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(SMTP.port()), "from", "security@twofold.test")));
        TestUser user = env.newUserWithPhone(realm, "reset");
        OidcClient.AuthRequest request = env.oidc(realm).authRequest();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = login.open(request.url());
        String forgot = page.document().select("a[href*=reset-credentials]").first().absUrl("href");
        page = login.open(forgot);
        page = login.submit(page, "kc-reset-password-form", Map.of("username", user.username()));

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> LINK.matcher(m.text()).find());
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).isTrue();
        HttpLogin.Page afterLink = login.open(link.group(1).replace("&amp;", "&"));
        assertThat(afterLink.isCallback(env.oidc(realm).redirectUri())).as("the mailbox alone does not sign in").isFalse();
        assertThat(afterLink.document().getElementById(LoginPages.SMS_FORM)).as("the second factor comes before a new password: %s",
                afterLink.document().text()).isNotNull();
        assertThat(afterLink.document().getElementById("kc-passwd-update-form")).isNull();

        String code = env.sms().awaitCode(user.phone(), 1);
        page = LoginPages.code(login, afterLink, code);
        assertThat(page.document().getElementById("kc-passwd-update-form")).as(page.document().text()).isNotNull();
        page = login.submit(page, "kc-passwd-update-form", Map.of("password-new", "New-" + user.password(), "password-confirm", "New-" + user.password()));
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        assertThat(request.exchange(page.url()).amr()).contains("sms");
    }

    /**
     * An admin's "send e-mail with actions" link proves the mailbox, which is enough for a new
     * password but not for a new second factor (a Keycloak advisory: such a link registered a
     * security key): for a user who holds one, the link leads to "confirm it is you" first.
     */
    @Test
    void anAdminsActionLinkRegistersNoSecurityKeyOrAppWithoutTheSecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("action-link", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(SMTP.port()), "from", "security@twofold.test")));
        TestUser user = env.newUserWithPhone(realm, "action-link");
        env.admin().put("/admin/realms/" + realm + "/users/" + user.id() + "/execute-actions-email",
                java.util.List.of("webauthn-register", "CONFIGURE_TOTP")).expect(204);

        SmtpStub.Mail mail = SMTP.await(user.email(), m -> LINK.matcher(m.text()).find());
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).isTrue();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = login.open(link.group(1).replace("&amp;", "&"));
        org.jsoup.nodes.Element proceed = page.document().selectFirst("a[href*=login-actions/action-token]");
        if (proceed != null) { // Keycloak's "perform the following actions" page, for a link opened in a new browser
            page = login.open(proceed.absUrl("href"));
        }
        assertThat(page.document().getElementById(CONFIRM)).as("confirm it is you first: %s", page.document().text()).isNotNull();
        assertThat(page.document().getElementById("register")).isNull();
        assertThat(page.document().getElementById(LoginPages.TOTP_FORM)).isNull();
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactlyInAnyOrder("password", "twofold-sms");
        assertThat(env.admin().userEvents(realm, user.id()).toString()).contains("factor_change_refused");
    }
}

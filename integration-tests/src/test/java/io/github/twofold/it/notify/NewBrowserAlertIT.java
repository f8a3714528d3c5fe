package io.github.twofold.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OtherAddress;
import io.github.twofold.it.harness.SmtpStub;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** "A new browser signed in to your account": once per browser new to the user, never for the same browser again. */
@TwofoldTest
class NewBrowserAlertIT {

    private static final SmtpStub SMTP = new SmtpStub();
    private static final String SUBJECT = "A new browser signed in to your account";
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0";

    @AfterAll
    static void stop() {
        SMTP.close();
    }

    private static String realmWithMail(TestEnvironment env, String prefix, Map<String, String> policy) {
        return env.realmWithMail(SMTP, prefix, policy);
    }

    /** Signs in with the password and the n-th SMS code in this browser. */
    private static void signIn(TestEnvironment env, HttpLogin browser, TestUser user, int nth) {
        signIn(env, browser, user, nth, null);
    }

    /** As above, from {@code from}'s address where it is not null. */
    private static void signIn(TestEnvironment env, HttpLogin browser, TestUser user, int nth, OtherAddress from) {
        OidcClient oidc = env.oidc(user.realm());
        OidcClient.AuthRequest request = oidc.authRequest();
        String url = from == null ? request.url() : from.rewrite(request.url(), env.server().httpPort());
        HttpLogin.Page page = LoginPages.password(browser, browser.open(url), user);
        page = LoginPages.code(browser, page, env.sms().awaitCode(user.phone(), nth));
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isTrue();
    }

    private static long alerts(TestUser user) {
        return SMTP.mails().stream().filter(m -> m.to().contains(user.email()) && m.subject().contains(SUBJECT)).count();
    }

    @Test
    void aSecondFactorSignInFromANewBrowserIsToldOnceAndTheSameBrowserIsNot(TestEnvironment env) {
        String realm = realmWithMail(env, "new-browser", Map.of());
        TestUser user = env.newUserWithPhone(realm, "new-browser");

        HttpLogin first = env.httpLogin();
        signIn(env, first, user, 1);
        assertThat(first.cookie("TWOFOLD_BROWSER")).as("the browser got its id").isPresent();
        assertThat(alerts(user)).as("the first browser is remembered quietly").isZero();

        // the same browser, its session gone (only the browser id kept): known
        first.forgetCookiesExcept("TWOFOLD_BROWSER");
        signIn(env, first, user, 2);
        assertThat(alerts(user)).as("the same browser again").isZero();

        HttpLogin second = env.httpLogin().header("User-Agent", FIREFOX);
        signIn(env, second, user, 3);
        SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains(SUBJECT));
        assertThat(mail.text()).contains("Firefox (Windows)").contains("/twofold/not-me?t=");
        assertThat(alerts(user)).isEqualTo(1);

        // and that browser is known from now on
        second.forgetCookiesExcept("TWOFOLD_BROWSER");
        signIn(env, second, user, 4);
        assertThat(alerts(user)).isEqualTo(1);
    }

    /**
     * With the realm's setting on and the operator's country database (the test server's: 127.0.0.1
     * in Germany, 127.0.0.2 in France), a sign-in from a country new to the user, in a known
     * browser, is told once, naming the country; the first country is remembered quietly.
     */
    @Test
    void aSignInFromANewCountryIsToldOnceNamingTheCountry(TestEnvironment env) {
        String subject = "A sign-in to your account from a new country";
        String realm = realmWithMail(env, "new-country", Map.of("newCountryEmails", "true"));
        TestUser user = env.newUserWithPhone(realm, "new-country");
        java.util.function.LongSupplier notices = () -> SMTP.mails().stream()
                .filter(m -> m.to().contains(user.email()) && m.subject().contains(subject)).count();
        HttpLogin browser = env.httpLogin();
        signIn(env, browser, user, 1);
        browser.forgetCookiesExcept("TWOFOLD_BROWSER");
        signIn(env, browser, user, 2);
        assertThat(notices.getAsLong()).as("the first country, remembered quietly").isZero();

        try (OtherAddress france = new OtherAddress(env.server().httpPort())) {
            browser.forgetCookiesExcept("TWOFOLD_BROWSER");
            signIn(env, browser, user, 3, france);
            SmtpStub.Mail mail = SMTP.await(user.email(), m -> m.subject().contains(subject));
            assertThat(mail.text()).contains("(France, FR)").contains("/twofold/not-me?t=").doesNotContain(user.phone());
            browser.forgetCookiesExcept("TWOFOLD_BROWSER");
            signIn(env, browser, user, 4, france);
        }
        assertThat(notices.getAsLong()).as("France is known from now on").isEqualTo(1);
        assertThat(alerts(user)).as("a known browser: no new-browser notice").isZero();
        assertThat(env.admin().userEvents(realm, user.id())).anySatisfy(e -> {
            assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("new_country_sign_in");
            assertThat(e.path("details").path("twofold_country").asText()).isEqualTo("FR");
        });

        // the realm's setting off: no country notice
        String quiet = realmWithMail(env, "no-country", Map.of());
        TestUser other = env.newUserWithPhone(quiet, "no-country");
        HttpLogin second = env.httpLogin();
        signIn(env, second, other, 1);
        try (OtherAddress france = new OtherAddress(env.server().httpPort())) {
            second.forgetCookiesExcept("TWOFOLD_BROWSER");
            signIn(env, second, other, 2, france);
        }
        assertThat(SMTP.mails().stream().filter(m -> m.to().contains(other.email()) && m.subject().contains(subject)).count()).isZero();
    }

    /**
     * A mail server that refuses connections breaks no sign-in: the notice is sent after the
     * sign-in's transaction, and its failure is a warning naming the user's id, not the address.
     */
    @Test
    void aMailServerThatRefusesBreaksNoSignIn(TestEnvironment env) throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String realm = env.realmWithPolicy("mail-down", Map.of(), Map.of("quickLoginCheckMilliSeconds", 1,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(closed), "from", "security@twofold.test")));
        TestUser user = env.newUserWithPhone(realm, "mail-down");
        signIn(env, env.httpLogin(), user, 1);
        signIn(env, env.httpLogin().header("User-Agent", FIREFOX), user, 2); // a new browser: its notice cannot go out
        String warning = env.server().log().lines().filter(l -> l.contains("Security e-mail new_browser_sign_in to user " + user.id()))
                .findFirst().orElseThrow(() -> new AssertionError("no warning about the notice that was not sent"));
        assertThat(warning).contains("not sent").doesNotContain(user.email());
    }

    @Test
    void theRealmCanSwitchTheAlertOff(TestEnvironment env) {
        String realm = realmWithMail(env, "new-browser-off", Map.of("newBrowserEmails", "false"));
        TestUser user = env.newUserWithPhone(realm, "new-browser-off");
        signIn(env, env.httpLogin(), user, 1);
        signIn(env, env.httpLogin(), user, 2);
        assertThat(alerts(user)).isZero();
    }
}

package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.Browser;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.MovesClock;
import io.github.twofold.it.harness.TestClock;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "Call me instead" on the SMS code page: after a text, the next code is read out in a phone call
 * (Twilio's Calls API, or the HTTP gateway's voice endpoint), in the user's language, digit by
 * digit and twice; a resend with the same cooldown, counted against the SMS budgets and the user's
 * call budget.
 */
@TwofoldTest
class VoiceCallIT {

    private static final String SMS_FORM = "kc-twofold-sms-form";
    private static final Map<String, Object> SETTINGS = Map.of("quickLoginCheckMilliSeconds", 1);
    /** The digits as a call reads them: "4, 8, 1, 5, 9, 0". */
    private static final Pattern SPOKEN = Pattern.compile("((?:\\d, ){5,7}\\d)");

    private static String spokenCode(TwilioStub.Call call) {
        Matcher m = SPOKEN.matcher(call.speech());
        assertThat(m.find()).as(call.speech()).isTrue();
        String first = m.group(1);
        assertThat(m.find()).as("read out twice: " + call.speech()).isTrue();
        assertThat(m.group(1)).isEqualTo(first);
        return first.replace(", ", "");
    }

    private static TestUser german(TestEnvironment env, String realm, String prefix) {
        TestUser user = env.newUserWithPhone(realm, prefix);
        ObjectNode representation = (ObjectNode) env.admin().user(realm, user.id());
        representation.putObject("attributes").putArray("locale").add("de");
        env.admin().put("/admin/realms/" + realm + "/users/" + user.id(), representation).expect(204);
        return user;
    }

    private static HttpLogin.Page call(HttpLogin login, HttpLogin.Page page) {
        return login.submit(page, SMS_FORM, Map.of("call", "true"));
    }

    @Test
    @MovesClock
    void callMeInsteadReadsANewCodeOutInTheUsersLanguageAndThatCodeSignsIn(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("voice", Map.of(), SETTINGS);
        TestUser user = german(env, realm, "voice");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String texted = env.sms().awaitCode(user.phone(), 1);
        assertThat(page.document().getElementById("twofold-call")).as(page.document().text()).isNotNull();
        assertThat(page.document().getElementById("twofold-call").text()).isEqualTo("Stattdessen anrufen");

        page = call(login, page);
        assertThat(page.errorText()).as("the resend cooldown holds for calls").contains("Bitte warten Sie");
        assertThat(env.sms().callsTo(user.phone())).isEmpty();
        assertThat(login.open(page.url()).document().getElementById("twofold-call")).as("a reload places no call").isNotNull();
        assertThat(env.sms().callsTo(user.phone())).isEmpty();

        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(31));
            page = call(login, login.open(page.url()));
            assertThat(page.document().text()).contains("Wir rufen").contains("an und lesen den Code vor")
                    .contains("Code aus dem Anruf eingeben").doesNotContain("Code aus der SMS eingeben");
            assertThat(login.open(page.url()).document().getElementById("twofold-instruction").text()).as("after a reload too")
                    .contains("in einem Anruf");
            List<TwilioStub.Call> calls = env.sms().callsTo(user.phone());
            assertThat(calls).hasSize(1);
            TwilioStub.Call placed = calls.get(0);
            assertThat(placed.gateway()).isEqualTo("twilio");
            assertThat(placed.from()).isEqualTo(TwilioStub.VOICE_FROM);
            assertThat(placed.language()).isEqualTo("de-DE");
            assertThat(placed.speech()).startsWith("Hier ist Twofold demo. Ihr Bestätigungscode lautet: ");
            String spoken = spokenCode(placed);
            env.secrets().register("code read out", spoken);
            assertThat(env.sms().messagesTo(user.phone())).as("no text with it").hasSize(1);

            HttpLogin.Page old = LoginPages.code(login, page, texted);
            assertThat(old.isCallback(env.oidc(realm).redirectUri())).as("the call's code replaced the texted one").isFalse();
            HttpLogin.Page done = LoginPages.code(login, old, spoken);
            assertThat(done.isCallback(env.oidc(realm).redirectUri())).as(done.document().text()).isTrue();
        }
        JsonNode events = env.admin().userEvents(realm, user.id());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("details").path("twofold_event").asText()).isEqualTo("sms_sent");
            assertThat(e.path("details").path("twofold_channel").asText()).isEqualTo("call");
            assertThat(e.path("details").path("twofold_phone").asText()).doesNotContain(user.phone());
        });
        // operators see calls apart from texts (a call usually costs more)
        String metrics = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(env.server().managementUrl() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("twofold_sms_sent_total\\{[^}]*channel=\"call\"[^}]*gateway=\"twilio\"[^}]*\\} [1-9]")
                .containsPattern("twofold_sms_sent_total\\{[^}]*channel=\"text\"[^}]*\\} [1-9]");
    }

    @Test
    @MovesClock
    void aCallCountsAgainstTheUsersCallBudgetAndTextsStillGoOut(TestEnvironment env) {
        String realm = env.realmWithPolicy("voice-budget", Map.of("voicePerUserPerDay", "1"), SETTINGS);
        TestUser user = env.newUserWithPhone(realm, "voice-budget");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        env.sms().awaitCode(user.phone(), 1);
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(31));
            page = call(login, page);
            assertThat(env.sms().callsTo(user.phone())).hasSize(1);
            clock.advance(Duration.ofSeconds(31));
            page = call(login, page);
            assertThat(page.errorText()).startsWith("Too many calls requested. Try again in");
            assertThat(env.sms().callsTo(user.phone())).as("no second call").hasSize(1);
            clock.advance(Duration.ofSeconds(61));
            page = login.submit(page, SMS_FORM, Map.of("resend", "true"));
            assertThat(env.sms().messagesTo(user.phone())).as("a text still goes out").hasSize(2);
        }
        assertThat(env.admin().userEvents(realm, user.id())).anySatisfy(e ->
                assertThat(e.path("details").path("twofold_limit").asText()).isEqualTo("voice_per_user"));
    }

    @Test
    @MovesClock
    void whenTwilioCannotCallTheHttpGatewayDoes(TestEnvironment env, Browser browser) {
        String realm = env.realmWithPolicy("voice-failover", Map.of(), SETTINGS);
        TestUser user = env.newUserWithPhone(realm, "voice-failover");
        TwilioStub.Behaviour down = env.sms().twilioCallsAnswer(user.phone(), 503);
        try (TestClock clock = env.clock()) {
            browser.open(env.oidc(realm).authRequest().url());
            LoginPages.password(browser, user);
            browser.waitForText("Call me instead");
            browser.screenshot("sms-call-me-instead");
            clock.advance(Duration.ofSeconds(31));
            browser.open(browser.url());
            browser.await().until(d -> d.findElement(By.id("twofold-call")).isEnabled());
            browser.click(By.id("twofold-call"));
            browser.waitForText("to read the code out");
            browser.screenshot("sms-call-placed");
            List<TwilioStub.Call> calls = env.sms().callsTo(user.phone());
            assertThat(calls).extracting(TwilioStub.Call::gateway).containsExactly("twilio", "http");
            assertThat(calls.get(1).language()).isEqualTo("en-US");
            assertThat(calls.get(1).speech()).startsWith("This is Twofold demo. Your verification code is: ");
            LoginPages.code(browser, spokenCode(calls.get(1)));
            browser.waitForUrl(env.oidc(realm).redirectUri());
        } finally {
            env.sms().undo(down);
        }
    }

    @Test
    @MovesClock
    void noCallIsOfferedWhereThePolicyAllowsNone(TestEnvironment env) {
        String realm = env.realmWithPolicy("voice-off", Map.of("voicePerUserPerDay", "0"), SETTINGS);
        TestUser user = env.newUserWithPhone(realm, "voice-off");
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        env.sms().awaitCode(user.phone(), 1);
        assertThat(page.document().getElementById("twofold-call")).isNull();
        try (TestClock clock = env.clock()) {
            clock.advance(Duration.ofSeconds(31));
            call(login, page); // a post the page never offers: a plain resend by text
        }
        assertThat(env.sms().callsTo(user.phone())).isEmpty();
        assertThat(env.sms().messagesTo(user.phone())).hasSize(2);
    }
}

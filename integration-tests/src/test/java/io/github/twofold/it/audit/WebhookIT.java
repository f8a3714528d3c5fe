package io.github.twofold.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.ProcessReaper;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The {@code twofold-webhook} sink: signed events, and a hanging endpoint that does not slow logins.
 * Runs alone: it compares login times.
 */
@TwofoldTest
@Isolated
class WebhookIT {

    private static String realmWithWebhook(TestEnvironment env, String prefix) {
        String realm = env.realmWithPolicy(prefix, Map.of(), Map.of("quickLoginCheckMilliSeconds", 1));
        env.admin().put("/admin/realms/" + realm + "/events/config",
                Map.of("eventsEnabled", true, "eventsListeners", List.of("twofold-webhook"))).expect(204);
        return realm;
    }

    /** Password + SMS code, through to the application; returns the milliseconds it took. */
    private static long smsLogin(TestEnvironment env, String realm, TestUser user, int nth) {
        long start = System.nanoTime();
        HttpLogin login = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        String code = env.sms().awaitCode(user.phone(), nth);
        page = LoginPages.code(login, page, code);
        assertThat(page.isCallback(env.oidc(realm).redirectUri())).as(page.document().text()).isTrue();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String hmac(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TwilioStub.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsArriveSignedAndTheSignatureVerifies(TestEnvironment env) throws Exception {
        String realm = realmWithWebhook(env, "hook");
        TestUser user = env.newUserWithPhone(realm, "hook");
        smsLogin(env, realm, user, 1);

        List<TwilioStub.Hook> mine = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && mine.stream().noneMatch(h -> h.body().contains("\"type\":\"LOGIN\""))) {
            ProcessReaper.sleep(200);
            mine = env.sms().webhookCalls().stream().filter(h -> h.body().contains(user.id())).toList();
        }
        assertThat(mine).as("the login's events at the endpoint").anySatisfy(h -> assertThat(h.body()).contains("\"type\":\"LOGIN\""));
        for (TwilioStub.Hook hook : mine) {
            assertThat(hook.signature()).as("signature of %s", hook.body()).isEqualTo(hmac(hook.timestamp(), hook.body()));
            assertThat(Long.parseLong(hook.timestamp())).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(300L));
            JsonNode record = Json.parse(hook.body());
            assertThat(record.path("realm").asText()).isEqualTo(realm);
            assertThat(hook.body()).doesNotContain(user.phone()).doesNotContain(user.phone().substring(1));
        }
        assertThat(hmac(mine.get(0).timestamp(), mine.get(0).body() + " ")).as("a changed body does not verify")
                .isNotEqualTo(mine.get(0).signature());
        // each event carries its own id inside the signed body: a receiver refuses a second delivery of it
        List<String> ids = mine.stream().map(h -> Json.parse(h.body()).path("id").asText()).toList();
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[0-9a-f-]{36}")).doesNotHaveDuplicates();
        String withOtherId = mine.get(0).body().replace(ids.get(0), java.util.UUID.randomUUID().toString());
        assertThat(hmac(mine.get(0).timestamp(), withOtherId)).as("the id cannot be changed without the secret")
                .isNotEqualTo(mine.get(0).signature());
    }

    @Test
    void aHangingEndpointDoesNotSlowLogins(TestEnvironment env) {
        String realm = realmWithWebhook(env, "hook-hang");
        TestUser user = env.newUserWithPhone(realm, "hook-hang");
        smsLogin(env, realm, user, 1); // warm-up
        List<Long> normal = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            normal.add(smsLogin(env, realm, user, normal.size() + 2));
        }
        TwilioStub.Behaviour hang = env.sms().webhookHangs(Duration.ofSeconds(30));
        List<Long> hanging = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                hanging.add(smsLogin(env, realm, user, 5 + hanging.size()));
            }
        } finally {
            env.sms().undo(hang);
        }
        long normalMedian = normal.stream().sorted().toList().get(1);
        long hangingMedian = hanging.stream().sorted().toList().get(1);
        // A sink on the request thread would add its 1 s timeout for each of a login's events.
        assertThat(hangingMedian).as("median login with a hanging endpoint (normal: %d ms, all: %s vs %s)", normalMedian, hanging, normal)
                .isLessThan(normalMedian + 700);
    }
}

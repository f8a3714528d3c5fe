package io.github.twofold.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.testsupport.HttpLogin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Twilio's delivery reports: each text asks Twilio to report to the realm's callback address; a
 * report Twilio signed is counted once and a failed delivery becomes an event of the user the text
 * went to; an unsigned, re-signed, altered or repeated report changes nothing.
 */
@TwofoldTest
class SmsDeliveryReportIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Twilio's request signature, written from its documentation: HMAC-SHA1 over the address and the sorted fields. */
    private static String twilioSignature(String token, String url, Map<String, String> fields) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static int post(String url, Map<String, String> fields, String signature) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The counter {@code twofold_sms_delivery_total} for one status and country (0 before the first report). */
    private static double delivered(TestEnvironment env, String status, String country) throws Exception {
        return delivered(env, "twilio", status, country);
    }

    private static double delivered(TestEnvironment env, String gateway, String status, String country) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(env.server().managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^twofold_sms_delivery_total\\{([^}]*)\\} ([0-9.E]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("status=\"" + status + "\"") && m.group(1).contains("country=\"" + country + "\"")
                    && m.group(1).contains("gateway=\"" + gateway + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static List<JsonNode> notDelivered(TestEnvironment env, String realm, TestUser user) {
        List<JsonNode> events = new ArrayList<>();
        env.admin().get("/admin/realms/" + realm + "/events?user=" + user.id() + "&type=CUSTOM_REQUIRED_ACTION_ERROR")
                .json().forEach(e -> {
                    if ("sms_not_delivered".equals(e.path("details").path("twofold_event").asText())) {
                        events.add(e);
                    }
                });
        return events;
    }

    @Test
    void aSignedFailureReportIsCountedOnceAndNamesTheUserAndNothingElseIsTaken(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("delivery", Map.of());
        env.admin().put("/admin/realms/" + realm + "/events/config", Map.of("eventsEnabled", true,
                "enabledEventTypes", List.of("CUSTOM_REQUIRED_ACTION_ERROR"))).expect(204);
        TestUser user = env.newUserWithPhone(realm, "delivery");
        HttpLogin login = env.httpLogin();
        LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
        TwilioStub.Sms sms = env.sms().awaitMessage(user.phone(), 1);

        String url = env.baseUrl() + "/realms/" + realm + "/twofold/sms-status/twilio";
        assertThat(sms.statusCallback()).as("the callback address the text named").isEqualTo(url);
        assertThat(sms.messageId()).startsWith("SM");
        Map<String, String> report = new TreeMap<>(Map.of("MessageSid", sms.messageId(), "SmsSid", sms.messageId(),
                "MessageStatus", "undelivered", "ErrorCode", "30003", "To", user.phone(), "From", TwilioStub.FROM,
                "AccountSid", TwilioStub.ACCOUNT_SID, "ApiVersion", "2010-04-01"));
        String signature = twilioSignature(TwilioStub.AUTH_TOKEN, url, report);
        double before = delivered(env, "undelivered", "DE");

        // not Twilio's: no signature, another account's token, a field changed after signing, a field twice
        assertThat(post(url, report, null)).isEqualTo(403);
        assertThat(post(url, report, twilioSignature("another-accounts-token", url, report))).isEqualTo(403);
        Map<String, String> altered = new TreeMap<>(report);
        altered.put("ErrorCode", "30005");
        assertThat(post(url, altered, signature)).isEqualTo(403);
        assertThat(post(url.replace("/realms/" + realm + "/", "/realms/demo/"), report, signature)).as("another realm's address").isEqualTo(403);
        assertThat(delivered(env, "undelivered", "DE")).isEqualTo(before);
        assertThat(notDelivered(env, realm, user)).isEmpty();

        assertThat(post(url, report, signature)).isEqualTo(204);
        assertThat(delivered(env, "undelivered", "DE")).isEqualTo(before + 1);
        List<JsonNode> events = notDelivered(env, realm, user);
        assertThat(events).hasSize(1);
        JsonNode details = events.get(0).path("details");
        assertThat(details.path("twofold_error_code").asText()).isEqualTo("30003");
        assertThat(details.path("twofold_reason").asText()).isEqualTo("undelivered");
        assertThat(details.path("twofold_gateway").asText()).isEqualTo("twilio");
        assertThat(details.path("twofold_phone").asText()).startsWith("+49").endsWith(user.phone().substring(user.phone().length() - 4))
                .doesNotContain(user.phone().substring(3, user.phone().length() - 4));

        assertThat(post(url, report, signature)).as("the same report again").isEqualTo(409);
        assertThat(delivered(env, "undelivered", "DE")).isEqualTo(before + 1);
        assertThat(notDelivered(env, realm, user)).hasSize(1);

        Map<String, String> unreadable = new TreeMap<>(report);
        unreadable.put("MessageStatus", "exploded");
        assertThat(post(url, unreadable, twilioSignature(TwilioStub.AUTH_TOKEN, url, unreadable))).isEqualTo(400);

        Map<String, String> deliveredReport = new TreeMap<>(report);
        deliveredReport.put("MessageStatus", "delivered");
        deliveredReport.remove("ErrorCode");
        double deliveredBefore = delivered(env, "delivered", "DE");
        assertThat(post(url, deliveredReport, twilioSignature(TwilioStub.AUTH_TOKEN, url, deliveredReport))).isEqualTo(204);
        assertThat(delivered(env, "delivered", "DE")).isEqualTo(deliveredBefore + 1);
        assertThat(notDelivered(env, realm, user)).as("a delivered text is no event").hasSize(1);

        assertThat(env.server().log()).contains("SMS to +49").contains("not delivered (gateway twilio, undelivered, error 30003)")
                .doesNotContain(user.phone());
    }

    /** Twofold's signature for the HTTP gateway's reports: HMAC-SHA256 of the exact body, in hex. */
    private static String httpSignature(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static int postJson(String url, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twofold-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * The {@code http} gateway's reports (the server's {@code status-secret}): the message id comes
     * from the vendor's answer to the text; a report signed with the secret is counted once and a
     * failed delivery is an event of the user; unsigned, re-signed, altered, repeated, unreadable or
     * oversized reports change nothing.
     */
    @Test
    void theHttpGatewaysSignedReportsAreCountedOnceAndNothingElseIsTaken(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("delivery-http", Map.of());
        env.admin().put("/admin/realms/" + realm + "/events/config", Map.of("eventsEnabled", true,
                "enabledEventTypes", List.of("CUSTOM_REQUIRED_ACTION_ERROR"))).expect(204);
        TestUser user = env.newUserWithPhone(realm, "delivery-http");
        TwilioStub.Behaviour twilioDown = env.sms().twilioAnswers(user.phone(), 500);
        try {
            HttpLogin login = env.httpLogin();
            LoginPages.password(login, login.open(env.oidc(realm).authRequest().url()), user);
            env.sms().awaitCode(user.phone(), 1);
        } finally {
            env.sms().undo(twilioDown);
        }
        TwilioStub.Sms sms = env.sms().lastMessageTo(user.phone());
        assertThat(sms.gateway()).isEqualTo("http");
        assertThat(sms.messageId()).startsWith("msg-");

        String url = env.baseUrl() + "/realms/" + realm + "/twofold/sms-status/http";
        String report = "{\"id\":\"" + sms.messageId() + "\",\"status\":\"failed\",\"to\":\"" + user.phone() + "\",\"errorCode\":\"EC-17\"}";
        String signature = httpSignature(TwilioStub.HTTP_STATUS_SECRET, report);
        double before = delivered(env, "http", "failed", "DE");

        assertThat(postJson(url, report, null)).as("unsigned").isEqualTo(403);
        assertThat(postJson(url, report, httpSignature("another-secret-of-some-length", report))).as("another secret").isEqualTo(403);
        assertThat(postJson(url, report.replace("EC-17", "EC-18"), signature)).as("altered after signing").isEqualTo(403);
        String huge = "{\"id\":\"x\",\"status\":\"failed\",\"pad\":\"" + "x".repeat(1_000_000) + "\"}";
        assertThat(postJson(url, huge, httpSignature(TwilioStub.HTTP_STATUS_SECRET, huge))).as("a megabyte").isEqualTo(413);
        String unreadable = "{\"id\":\"" + sms.messageId() + "\",\"status\":\"exploded\"}";
        assertThat(postJson(url, unreadable, httpSignature(TwilioStub.HTTP_STATUS_SECRET, unreadable))).isEqualTo(400);
        assertThat(delivered(env, "http", "failed", "DE")).isEqualTo(before);
        assertThat(notDelivered(env, realm, user)).isEmpty();

        assertThat(postJson(url, report, signature)).isEqualTo(204);
        assertThat(delivered(env, "http", "failed", "DE")).isEqualTo(before + 1);
        List<JsonNode> events = notDelivered(env, realm, user);
        assertThat(events).as("the user the text went to").hasSize(1);
        JsonNode details = events.get(0).path("details");
        assertThat(details.path("twofold_gateway").asText()).isEqualTo("http");
        assertThat(details.path("twofold_error_code").asText()).isEqualTo("EC-17");
        assertThat(details.path("twofold_phone").asText()).doesNotContain(user.phone());

        assertThat(postJson(url, report, signature)).as("the same report again").isEqualTo(409);
        assertThat(delivered(env, "http", "failed", "DE")).isEqualTo(before + 1);
        assertThat(env.server().log()).contains("not delivered (gateway http, failed, error EC-17)").doesNotContain(user.phone());
    }
}

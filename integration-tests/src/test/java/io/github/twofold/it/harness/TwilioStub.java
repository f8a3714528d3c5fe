package io.github.twofold.it.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMS gateways on loopback, the way a phone would see them: a WireMock server playing the Twilio
 * Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}) and a generic JSON endpoint
 * for the {@code http} gateway. Every message is recorded; tests read codes from here.
 */
public final class TwilioStub implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "stub-auth-token-" + UUID.randomUUID();
    public static final String FROM = "+15005550006";
    public static final String HTTP_GATEWAY_PATH = "/http-gateway/messages";
    public static final String HTTP_GATEWAY_TOKEN = "stub-http-token-" + UUID.randomUUID();

    public static final String WEBHOOK_PATH = "/webhook/events";
    public static final String WEBHOOK_SECRET = "stub-webhook-secret-" + UUID.randomUUID();

    private static final String TWILIO_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    /** Any account: a test may configure another SID. */
    private static final String TWILIO_PATH_PATTERN = "/2010-04-01/Accounts/[^/]+/Messages.json";
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6,8})(?![0-9])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final List<StubMapping> behaviours = new ArrayList<>();
    /** The last message body per number, kept as requests arrive: an O(1) look-up for the benchmark's thousands of logins. */
    private final Map<String, String> lastBodyTo = new java.util.concurrent.ConcurrentHashMap<>();

    public TwilioStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20).jettyAcceptors(1));
        server.addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().contains("/Messages.json")) {
                Map<String, String> form = parseForm(request.getBodyAsString());
                if (form.get("To") != null) {
                    lastBodyTo.put(form.get("To"), form.getOrDefault("Body", ""));
                }
            }
        });
        server.start();
        server.stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json")).atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}")));
        server.stubFor(post(urlPathEqualTo(TWILIO_PATH)).atPriority(5)
                .withBasicAuth(ACCOUNT_SID, AUTH_TOKEN)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM" + "00000000000000000000000000000000".substring(0, 32)
                                + "\",\"status\":\"queued\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"num_segments\":\"1\"}")));
        server.stubFor(post(urlPathEqualTo(HTTP_GATEWAY_PATH)).atPriority(5)
                .withHeader("Authorization", equalTo("Bearer " + HTTP_GATEWAY_TOKEN))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg-1\"}")));
        server.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).atPriority(10).willReturn(aResponse().withStatus(204)));
    }

    /** The number the benchmark's round-trip probe writes to (no test user has it). */
    public static final String PROBE_NUMBER = "+15005550009";
    private final HttpClient probe = HttpClient.newHttpClient();

    /**
     * One message sent to the Twilio endpoint as the server's gateway sends it (form body, basic
     * auth, a fresh request on a kept-alive connection): the stub's own round trip in nanoseconds.
     */
    public long twilioRoundTripNanos() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + TWILIO_PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=" + URLEncoder.encode(PROBE_NUMBER, StandardCharsets.UTF_8)
                        + "&From=" + URLEncoder.encode(FROM, StandardCharsets.UTF_8) + "&Body=probe"))
                .build();
        long start = System.nanoTime();
        try {
            int status = probe.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("the Twilio stub answered the probe with " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the Twilio stub did not answer the probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    /** The event webhook endpoint (the twofold-webhook listener posts here). */
    public String webhookUrl() {
        return "http://localhost:" + server.port() + WEBHOOK_PATH;
    }

    /** One POST the webhook endpoint received. */
    public record Hook(String body, String timestamp, String signature, Instant at) {
    }

    public List<Hook> webhookCalls() {
        List<Hook> calls = new ArrayList<>();
        for (LoggedRequest r : server.findAll(postRequestedFor(urlPathEqualTo(WEBHOOK_PATH)))) {
            calls.add(new Hook(r.getBodyAsString(), r.getHeader("X-Twofold-Timestamp"), r.getHeader("X-Twofold-Signature"),
                    r.getLoggedDate().toInstant()));
        }
        return calls;
    }

    /** The webhook endpoint answers only after {@code delay}; returns the behaviour to undo with {@link #undo}. */
    public StubMapping webhookHangs(Duration delay) {
        StubMapping hang = server.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(204).withFixedDelay((int) delay.toMillis())));
        behaviours.add(hang);
        return hang;
    }

    public void undo(StubMapping behaviour) {
        server.removeStub(behaviour);
        behaviours.remove(behaviour);
    }

    /** Base URL handed to the {@code twilio} gateway: dot-free host, see HARNESS.md. */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    public String httpGatewayUrl() {
        return "http://localhost:" + server.port() + HTTP_GATEWAY_PATH;
    }

    /** One message as a gateway received it. */
    public record Sms(String gateway, String to, String from, String body, Instant at) {
        public String code() {
            Matcher m = CODE.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no code in SMS body: " + body);
            }
            return m.group(1);
        }
    }

    /** Every message delivered (2xx answered) or attempted, oldest first. */
    public List<Sms> attempts() {
        return find(postRequestedFor(urlPathMatching(TWILIO_PATH_PATTERN)), postRequestedFor(urlPathEqualTo(HTTP_GATEWAY_PATH)));
    }

    /** Messages sent to one number (in any gateway), oldest first; filtered by WireMock, so cheap with a long journal. */
    public List<Sms> messagesTo(String e164) {
        return find(postRequestedFor(urlPathMatching(TWILIO_PATH_PATTERN)).withFormParam("To", equalTo(e164)),
                postRequestedFor(urlPathEqualTo(HTTP_GATEWAY_PATH)).withRequestBody(containing("\"" + e164 + "\"")))
                .stream().filter(s -> e164.equals(s.to())).toList();
    }

    private List<Sms> find(RequestPatternBuilder twilio, RequestPatternBuilder http) {
        List<Sms> all = new ArrayList<>();
        for (LoggedRequest r : server.findAll(twilio)) {
            Map<String, String> form = parseForm(r.getBodyAsString());
            all.add(new Sms("twilio", form.get("To"), form.get("From"), form.getOrDefault("Body", ""), r.getLoggedDate().toInstant()));
        }
        for (LoggedRequest r : server.findAll(http)) {
            try {
                JsonNode body = JSON.readTree(r.getBodyAsString());
                all.add(new Sms("http", body.path("to").asText(), null, body.path("text").asText(), r.getLoggedDate().toInstant()));
            } catch (Exception e) {
                all.add(new Sms("http", null, null, r.getBodyAsString(), r.getLoggedDate().toInstant()));
            }
        }
        all.sort(Comparator.comparing(Sms::at));
        return all;
    }

    /**
     * The code of the last message Twilio received for a number, from an index kept as requests
     * arrive (no journal search); for load tests that sign in thousands of times.
     */
    public String lastTwilioCodeTo(String e164) {
        String body = lastBodyTo.get(e164);
        if (body == null) {
            throw new AssertionError("no SMS was sent to " + e164);
        }
        return new Sms("twilio", e164, FROM, body, Instant.now()).code();
    }

    public Sms lastMessageTo(String e164) {
        List<Sms> list = messagesTo(e164);
        if (list.isEmpty()) {
            throw new AssertionError("no SMS was sent to " + e164);
        }
        return list.get(list.size() - 1);
    }

    /** Waits briefly for the n-th message to a number (gateways are called synchronously, so this rarely waits). */
    public Sms awaitMessage(String e164, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Sms> list = messagesTo(e164);
            if (list.size() >= count) {
                return list.get(count - 1);
            }
            ProcessReaper.sleep(100);
        }
        throw new AssertionError("expected " + count + " SMS to " + e164 + ", got " + messagesTo(e164).size());
    }

    /**
     * The code in the n-th SMS to a number, once it has arrived; registered with the secret scanner,
     * so the run fails if it ever appears in a server log.
     */
    public String awaitCode(String e164, int nth) {
        String code = awaitMessage(e164, nth).code();
        SecretScanner.get().register("SMS code", code);
        return code;
    }

    /** The Twilio endpoint answers this status for one destination number. */
    public void twilioAnswers(String e164, int status) {
        behaviours.add(server.stubFor(post(urlPathEqualTo(TWILIO_PATH)).atPriority(1)
                .withFormParam("To", equalTo(e164))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":30001,\"message\":\"stubbed failure\",\"status\":" + status + "}"))));
    }

    /** The Twilio endpoint never answers in time for one destination number. */
    public void twilioHangs(String e164, Duration delay) {
        behaviours.add(server.stubFor(post(urlPathEqualTo(TWILIO_PATH)).atPriority(1)
                .withFormParam("To", equalTo(e164))
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) delay.toMillis()).withBody("{}"))));
    }

    /** The generic HTTP gateway answers this status for one destination number. */
    public void httpGatewayAnswers(String e164, int status) {
        behaviours.add(server.stubFor(post(urlPathEqualTo(HTTP_GATEWAY_PATH)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.to", equalTo(e164)))
                .willReturn(aResponse().withStatus(status).withBody("{\"error\":\"stubbed\"}"))));
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop();
    }
}

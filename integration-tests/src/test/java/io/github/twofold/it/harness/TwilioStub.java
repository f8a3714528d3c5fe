package io.github.twofold.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMS gateways on loopback, the way a phone would see them: an HTTP server playing the Twilio
 * Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}), a generic JSON endpoint for
 * the {@code http} gateway and the event webhook's receiver. Every request is recorded; tests read
 * codes from here.
 *
 * <p>It is the JDK's own HTTP server rather than a general-purpose mock server: it shares the two
 * cores with Keycloak in the load benchmark, where each SMS sign-in calls it once, so its own cost
 * per message is kept to parsing one form.
 */
public final class TwilioStub implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "stub-auth-token-" + UUID.randomUUID();
    public static final String FROM = "+15005550006";
    public static final String HTTP_GATEWAY_PATH = "/http-gateway/messages";
    public static final String HTTP_GATEWAY_TOKEN = "stub-http-token-" + UUID.randomUUID();
    /** Signs the HTTP gateway's delivery reports (the server's {@code status-secret}). */
    public static final String HTTP_STATUS_SECRET = "stub-status-secret-" + UUID.randomUUID();

    public static final String WEBHOOK_PATH = "/webhook/events";
    public static final String WEBHOOK_SECRET = "stub-webhook-secret-" + UUID.randomUUID();

    private static final String TWILIO_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    /** Any account: a test may configure another SID; only ours is accepted. */
    private static final Pattern TWILIO_PATH_PATTERN = Pattern.compile("/2010-04-01/Accounts/[^/]+/Messages\\.json");
    private static final String TWILIO_CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json";
    /** Where the HTTP gateway's calls go (option voice-url). */
    public static final String HTTP_VOICE_PATH = "/http-gateway/calls";
    /** The number calls come from (the twilio gateway's voice-from). */
    public static final String VOICE_FROM = "+15005550007";
    /** The Verify service of the {@code twilio-verify} gateway (it serves Austria on the test servers). */
    public static final String VERIFY_SERVICE_SID = "VA" + "fedcba9876543210fedcba9876543210";
    private static final String VERIFY_PATH = "/v2/Services/" + VERIFY_SERVICE_SID + "/Verifications";
    private static final String VERIFY_CHECK_PATH = "/v2/Services/" + VERIFY_SERVICE_SID + "/VerificationCheck";
    /** Verify's own limit on wrong checks of one verification. */
    public static final int VERIFY_MAX_CHECKS = 5;
    private static final String TWILIO_AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            (ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6,8})(?![0-9])");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an endpoint does instead of accepting, for one number (or every webhook call); undone with {@link #undo}. */
    public record Behaviour(String endpoint, String to, int status, Duration delay) {
    }

    static {
        // The JDK's server writes headers and body separately; with Nagle's algorithm on, a client
        // that delays its ACK waits up to 40 ms for the body. Read once, when the server class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;
    /** Every message attempted, in the order it arrived, and the same per number. */
    private final List<Sms> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, List<Sms>> attemptsTo = new ConcurrentHashMap<>();
    private final List<Hook> webhookCalls = new CopyOnWriteArrayList<>();
    /** Every call requested (Twilio's Calls API or the HTTP gateway's voice endpoint), in order. */
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Per endpoint and number (webhook: the empty number); the latest registered wins. */
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

    public TwilioStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("the SMS stub could not listen on loopback", e);
        }
        // Unbounded: a hanging behaviour holds its thread for the whole delay.
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sms-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = readBody(exchange.getRequestBody());
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{}");
            } else if (VERIFY_PATH.equals(path)) {
                verify(exchange, body);
            } else if (VERIFY_CHECK_PATH.equals(path)) {
                verifyCheck(exchange, body);
            } else if (TWILIO_CALLS_PATH.equals(path)) {
                twilioCall(exchange, body);
            } else if (HTTP_VOICE_PATH.equals(path)) {
                httpCall(exchange, body);
            } else if (TWILIO_PATH_PATTERN.matcher(path).matches()) {
                twilio(exchange, path, body);
            } else if (HTTP_GATEWAY_PATH.equals(path)) {
                httpGateway(exchange, body);
            } else if (WEBHOOK_PATH.equals(path)) {
                webhookCalls.add(new Hook(body, exchange.getRequestHeaders().getFirst("X-Twofold-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Twofold-Signature"), Instant.now()));
                Behaviour hang = behaviours.get(WEBHOOK_PATH + " ");
                pause(hang == null ? Duration.ZERO : hang.delay());
                answer(exchange, 204, null);
            } else {
                answer(exchange, 404, "{}");
            }
        }
    }

    private void twilio(HttpExchange exchange, String path, String body) throws IOException {
        Map<String, String> form = parseForm(body);
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        record(new Sms("twilio", form.get("To"), form.get("From"), form.getOrDefault("Body", ""), Instant.now(), sid, form.get("StatusCallback")));
        if (!TWILIO_PATH.equals(path) || !TWILIO_AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Behaviour behaviour = behaviours.get(TWILIO_PATH + " " + form.get("To"));
        if (behaviour == null) {
            answer(exchange, 201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"num_segments\":\"1\"}");
        } else if (behaviour.delay() != null) {
            pause(behaviour.delay());
            answer(exchange, 201, "{}");
        } else {
            answer(exchange, behaviour.status(), "{\"code\":30001,\"message\":\"stubbed failure\",\"status\":" + behaviour.status() + "}");
        }
    }

    /** A verification Twilio Verify holds for a number: its code and the wrong checks so far. */
    private record Pending(String sid, String code, int wrongChecks) {
    }

    private final Map<String, Pending> verifications = new ConcurrentHashMap<>();
    private final Map<String, Integer> verifyErrorCodes = new ConcurrentHashMap<>();
    private final List<String> verifyChecks = new CopyOnWriteArrayList<>();

    /** Verify's "start a verification": makes a code and "sends" it (recorded as a text, or a call, from gateway twilio-verify). */
    private void verify(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = parseForm(body);
        String to = form.get("To");
        if (!TWILIO_AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Behaviour behaviour = behaviours.get(VERIFY_PATH + " " + to);
        if (behaviour != null) {
            record(new Sms("twilio-verify", to, null, "", Instant.now(), null, null));
            Integer code = verifyErrorCodes.getOrDefault(VERIFY_PATH + " " + to, 60200);
            answer(exchange, behaviour.status(), "{\"code\":" + code + ",\"message\":\"stubbed refusal\",\"status\":" + behaviour.status() + "}");
            return;
        }
        String sid = "VE" + UUID.randomUUID().toString().replace("-", "");
        // Verify sends a new code while a verification is pending only after it expired; the stub always makes a new one
        String code = String.format("%06d", new java.security.SecureRandom().nextInt(1_000_000));
        verifications.put(to, new Pending(sid, code, 0));
        String channel = form.getOrDefault("Channel", "sms");
        if ("call".equals(channel)) {
            calls.add(new Call("twilio-verify", to, null, code, form.get("Locale"), Instant.now()));
        } else {
            record(new Sms("twilio-verify", to, null, "Your verification code is: " + code + " (" + form.get("Locale") + ")", Instant.now(), sid, null));
        }
        answer(exchange, 201, "{\"sid\":\"" + sid + "\",\"service_sid\":\"" + VERIFY_SERVICE_SID + "\",\"account_sid\":\"" + ACCOUNT_SID
                + "\",\"to\":\"" + to + "\",\"channel\":\"" + channel + "\",\"status\":\"pending\",\"valid\":false}");
    }

    /** Verify's "check a verification": approved once for the right code, pending for a wrong one, 404 when none is pending. */
    private void verifyCheck(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = parseForm(body);
        String to = form.get("To");
        verifyChecks.add(to);
        if (!TWILIO_AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Behaviour behaviour = behaviours.get(VERIFY_CHECK_PATH + " " + to);
        if (behaviour != null) {
            answer(exchange, behaviour.status(), "{\"code\":20500,\"message\":\"stubbed failure\",\"status\":" + behaviour.status() + "}");
            return;
        }
        Pending pending = verifications.get(to);
        if (pending == null) {
            answer(exchange, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}");
            return;
        }
        String status;
        if (pending.code().equals(form.get("Code"))) {
            verifications.remove(to);
            status = "approved";
        } else if (pending.wrongChecks() + 1 >= VERIFY_MAX_CHECKS) {
            verifications.remove(to);
            answer(exchange, 429, "{\"code\":60202,\"message\":\"Max check attempts reached\",\"status\":429}");
            return;
        } else {
            verifications.put(to, new Pending(pending.sid(), pending.code(), pending.wrongChecks() + 1));
            status = "pending";
        }
        answer(exchange, 200, "{\"sid\":\"" + pending.sid() + "\",\"service_sid\":\"" + VERIFY_SERVICE_SID + "\",\"to\":\"" + to
                + "\",\"status\":\"" + status + "\",\"valid\":" + "approved".equals(status) + "}");
    }

    /** How many times Twofold asked Verify about a code for this number. */
    public long verifyChecksFor(String e164) {
        return verifyChecks.stream().filter(e164::equals).count();
    }

    /** Verify refuses to start verifications for this number with this HTTP status and Verify error code (60410 fraud guard, ...). */
    public Behaviour verifyRefuses(String e164, int status, int errorCode) {
        verifyErrorCodes.put(VERIFY_PATH + " " + e164, errorCode);
        return register(new Behaviour(VERIFY_PATH, e164, status, null));
    }

    /** Verify no longer holds a verification for this number (its own expiry passed): a check answers 404, error 20404. */
    public void verifyForgets(String e164) {
        verifications.remove(e164);
    }

    /** Verify's check answers this status (an outage) for this number; undo with {@link #undo}. */
    public Behaviour verifyCheckAnswers(String e164, int status) {
        return register(new Behaviour(VERIFY_CHECK_PATH, e164, status, null));
    }

    /** A call request: the gateway, the number, what is said and in which language (Twilio: from its TwiML). */
    public record Call(String gateway, String to, String from, String speech, String language, Instant at) {
    }

    private static final Pattern SAY = Pattern.compile("<Say language=\"([^\"]*)\">(.*)</Say>", Pattern.DOTALL);

    private void twilioCall(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = parseForm(body);
        Matcher say = SAY.matcher(form.getOrDefault("Twiml", ""));
        boolean read = say.find();
        calls.add(new Call("twilio", form.get("To"), form.get("From"), read ? say.group(2) : form.get("Twiml"), read ? say.group(1) : null, Instant.now()));
        if (!TWILIO_AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Behaviour behaviour = behaviours.get(TWILIO_CALLS_PATH + " " + form.get("To"));
        if (behaviour == null) {
            answer(exchange, 201, "{\"sid\":\"CA" + UUID.randomUUID().toString().replace("-", "") + "\",\"status\":\"queued\",\"account_sid\":\"" + ACCOUNT_SID + "\"}");
        } else {
            answer(exchange, behaviour.status(), "{\"code\":13224,\"message\":\"stubbed failure\",\"status\":" + behaviour.status() + "}");
        }
    }

    private void httpCall(HttpExchange exchange, String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        calls.add(new Call("http", json.path("to").asText(null), null, json.path("text").asText(), json.path("language").asText(null), Instant.now()));
        boolean authorized = ("Bearer " + HTTP_GATEWAY_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        answer(exchange, authorized ? 202 : 404, "{}");
    }

    /** The calls requested to a number, in order. */
    public List<Call> callsTo(String e164) {
        return calls.stream().filter(c -> e164.equals(c.to())).toList();
    }

    /** Twilio's Calls API answers this status for one number; undo with {@link #undo}. */
    public Behaviour twilioCallsAnswer(String e164, int status) {
        return register(new Behaviour(TWILIO_CALLS_PATH, e164, status, null));
    }

    /** Where the HTTP gateway places calls. */
    public String httpVoiceUrl() {
        return baseUrl() + HTTP_VOICE_PATH;
    }

    private void httpGateway(HttpExchange exchange, String body) throws IOException {
        String to = null;
        String text = body;
        try {
            JsonNode json = JSON.readTree(body);
            to = json.path("to").asText(null);
            text = json.path("text").asText();
        } catch (IOException notJson) {
            // recorded with its raw body
        }
        String messageId = "msg-" + UUID.randomUUID();
        record(new Sms("http", to, null, text, Instant.now(), messageId, null));
        if (!("Bearer " + HTTP_GATEWAY_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 404, "{}");
            return;
        }
        Behaviour behaviour = behaviours.get(HTTP_GATEWAY_PATH + " " + to);
        if (behaviour == null) {
            answer(exchange, 202, "{\"id\":\"" + messageId + "\",\"status\":\"accepted\"}");
        } else if (behaviour.delay() != null) {
            // the headers at once, then nothing for a while: the body stalls
            byte[] first = "{\"id\":".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(behaviour.status(), 0);
            exchange.getResponseBody().write(first);
            exchange.getResponseBody().flush();
            pause(behaviour.delay());
            exchange.getResponseBody().write(("\"" + messageId + "\"}").getBytes(StandardCharsets.UTF_8));
        } else {
            answer(exchange, behaviour.status(), "{\"error\":\"stubbed\"}");
        }
    }

    private void record(Sms sms) {
        attempts.add(sms);
        if (sms.to() != null) {
            attemptsTo.computeIfAbsent(sms.to(), k -> new CopyOnWriteArrayList<>()).add(sms);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                .header("Authorization", TWILIO_AUTHORIZATION)
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
        return baseUrl() + WEBHOOK_PATH;
    }

    /** One POST the webhook endpoint received. */
    public record Hook(String body, String timestamp, String signature, Instant at) {
    }

    public List<Hook> webhookCalls() {
        return List.copyOf(webhookCalls);
    }

    /** The webhook endpoint answers only after {@code delay}; returns the behaviour to undo with {@link #undo}. */
    public Behaviour webhookHangs(Duration delay) {
        return register(new Behaviour(WEBHOOK_PATH, "", 204, delay));
    }

    public void undo(Behaviour behaviour) {
        behaviours.remove(behaviour.endpoint() + " " + behaviour.to(), behaviour);
    }

    private Behaviour register(Behaviour behaviour) {
        behaviours.put(behaviour.endpoint() + " " + behaviour.to(), behaviour);
        return behaviour;
    }

    /** Base URL handed to the {@code twilio} gateway: a host without dots (the Twilio SDK splits a dotted host into product and region). */
    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public String httpGatewayUrl() {
        return baseUrl() + HTTP_GATEWAY_PATH;
    }

    /**
     * One message as a gateway received it; for Twilio also the message SID the stub answered with
     * and the status callback address the request named (null when none).
     */
    public record Sms(String gateway, String to, String from, String body, Instant at, String messageId, String statusCallback) {
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
        return List.copyOf(attempts);
    }

    /** Messages sent to one number (in any gateway), oldest first. */
    public List<Sms> messagesTo(String e164) {
        List<Sms> to = attemptsTo.get(e164);
        return to == null ? List.of() : List.copyOf(to);
    }

    /** The code of the last message Twilio received for a number; for load tests that sign in thousands of times. */
    public String lastTwilioCodeTo(String e164) {
        List<Sms> to = attemptsTo.getOrDefault(e164, List.of());
        for (int i = to.size() - 1; i >= 0; i--) {
            if ("twilio".equals(to.get(i).gateway())) {
                return to.get(i).code();
            }
        }
        throw new AssertionError("no SMS was sent to " + e164);
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

    /** The Twilio endpoint answers this status for one destination number; returns the behaviour to undo with {@link #undo}. */
    public Behaviour twilioAnswers(String e164, int status) {
        return register(new Behaviour(TWILIO_PATH, e164, status, null));
    }

    /** The Twilio endpoint never answers in time for one destination number. */
    public void twilioHangs(String e164, Duration delay) {
        register(new Behaviour(TWILIO_PATH, e164, 201, delay));
    }

    /** The generic HTTP gateway answers this status for one destination number; returns the behaviour to undo with {@link #undo}. */
    public Behaviour httpGatewayAnswers(String e164, int status) {
        return register(new Behaviour(HTTP_GATEWAY_PATH, e164, status, null));
    }

    /** The HTTP gateway answers 202 at once for this number and then sends the rest of its body only after {@code delay}. */
    public Behaviour httpGatewayStallsItsAnswer(String e164, Duration delay) {
        return register(new Behaviour(HTTP_GATEWAY_PATH, e164, 202, delay));
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
        server.stop(0);
        workers.shutdownNow();
    }
}

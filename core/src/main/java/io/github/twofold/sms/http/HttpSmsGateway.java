package io.github.twofold.sms.http;

import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsResult;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Posts one message (or one call request) to the configured endpoint. */
final class HttpSmsGateway implements SmsGateway {

    /** {@code messageIdField}: where the vendor's answer to a text names the message, when delivery reports are on (else null). */
    record Settings(URI url, boolean json, String template, Map<String, String> headers, Duration timeout, HttpClient client,
                    URI voiceUrl, String voiceTemplate, String messageIdField) {
    }

    /** How much of a vendor's answer is kept for the message id. */
    private static final int ANSWER_BYTES = 16 * 1024;

    private final Settings settings;

    HttpSmsGateway(Settings settings) {
        this.settings = settings;
    }

    @Override
    public SmsResult send(String e164, String text) {
        if (settings == null) {
            return SmsResult.retryable("not configured");
        }
        return post(settings.url(), settings.template().replace("${to}", escape(e164)).replace("${text}", escape(text)),
                settings.messageIdField());
    }

    /** Posts a call request ({@code voice-url}, {@code voice-body-template}): the endpoint reads the text out in the language. */
    @Override
    public SmsResult call(String e164, String speech, String language) {
        if (settings == null || settings.voiceUrl() == null) {
            return SmsResult.permanent("calls not configured");
        }
        return post(settings.voiceUrl(), settings.voiceTemplate().replace("${to}", escape(e164)).replace("${language}", escape(language))
                .replace("${text}", escape(speech)), null);
    }

    /**
     * Posts the body; with {@code messageIdField}, the message id in the vendor's answer goes with a
     * delivered result. The whole exchange, the answer's body included, is bounded by the timeout:
     * the request's own timeout ends when the answer's headers arrive, so an endpoint that sends
     * them and then stalls would otherwise hold the sign-in.
     */
    private SmsResult post(URI url, String body, String messageIdField) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", settings.json() ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        settings.headers().forEach(request::header);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        // the answer is always read to its end (bounded below); it is kept only where a message id is wanted
        CompletableFuture<HttpResponse<Void>> exchange = settings.client().sendAsync(request.build(),
                info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> {
                    if (messageIdField != null) {
                        chunk.ifPresent(bytes -> keep(answer, bytes));
                    }
                }));
        try {
            HttpResponse<Void> response = exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            SmsResult result = SmsResult.ofHttpStatus(response.statusCode());
            if (messageIdField == null || result.outcome() != SmsResult.Outcome.DELIVERED) {
                return result;
            }
            String id;
            synchronized (answer) {
                id = HttpStatusCallback.messageId(answer.toString(StandardCharsets.UTF_8), messageIdField);
            }
            return id == null ? result : SmsResult.delivered(id);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return timedOut();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return timedOut();
            }
            return SmsResult.retryable("connection failed: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return SmsResult.retryable("interrupted");
        }
    }

    /** Keeps the first {@link #ANSWER_BYTES} of the vendor's answer (an id is near the start); the rest is read and dropped. */
    private static void keep(ByteArrayOutputStream answer, byte[] bytes) {
        synchronized (answer) {
            int room = ANSWER_BYTES - answer.size();
            if (room > 0) {
                answer.write(bytes, 0, Math.min(room, bytes.length));
            }
        }
    }

    private SmsResult timedOut() {
        return SmsResult.retryable("timeout after " + settings.timeout().toMillis() + " ms");
    }

    private String escape(String value) {
        if (!settings.json()) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

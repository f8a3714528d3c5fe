package io.github.twofold.sms.http;

import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Posts one message (or one call request) to the configured endpoint. */
final class HttpSmsGateway implements SmsGateway {

    record Settings(URI url, boolean json, String template, Map<String, String> headers, Duration timeout, HttpClient client,
                    URI voiceUrl, String voiceTemplate) {
    }

    private final Settings settings;

    HttpSmsGateway(Settings settings) {
        this.settings = settings;
    }

    @Override
    public SmsResult send(String e164, String text) {
        if (settings == null) {
            return SmsResult.retryable("not configured");
        }
        return post(settings.url(), settings.template().replace("${to}", escape(e164)).replace("${text}", escape(text)));
    }

    /** Posts a call request ({@code voice-url}, {@code voice-body-template}): the endpoint reads the text out in the language. */
    @Override
    public SmsResult call(String e164, String speech, String language) {
        if (settings == null || settings.voiceUrl() == null) {
            return SmsResult.permanent("calls not configured");
        }
        return post(settings.voiceUrl(), settings.voiceTemplate().replace("${to}", escape(e164)).replace("${language}", escape(language))
                .replace("${text}", escape(speech)));
    }

    private SmsResult post(URI url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", settings.json() ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        settings.headers().forEach(request::header);
        try {
            HttpResponse<Void> response = settings.client().send(request.build(), HttpResponse.BodyHandlers.discarding());
            return SmsResult.ofHttpStatus(response.statusCode());
        } catch (HttpTimeoutException e) {
            return SmsResult.retryable("timeout after " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return SmsResult.retryable("connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SmsResult.retryable("interrupted");
        }
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

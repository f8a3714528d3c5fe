package io.github.twofold.sms.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.exception.ApiConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Twilio SDK's transport, on the JDK's blocking {@link HttpURLConnection}: HTTP/1.1 with kept-alive
 * connections, as the SDK's own client speaks it; no hidden retries (failover is the dispatcher's
 * job); one timeout per call, connection and answer together; an optional base
 * URL that replaces {@code https://api.twilio.com} (tests point it at a stub on loopback). Blocking
 * I/O on the request's own thread: one SMS per sign-in does not pay for the asynchronous client's
 * selector thread and hand-offs.
 */
final class TwilioHttpClient extends HttpClient {

    /** Ends calls that outlast their timeout; one daemon thread for every gateway, idle unless a call runs late. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final String baseUrl;
    private final Duration timeout;

    TwilioHttpClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) target(request.constructURL()).toURL().openConnection();
        } catch (IOException e) {
            throw new ApiConnectionException("connection failed: " + e.getClass().getSimpleName());
        }
        // Each blocking step has the whole timeout; the watchdog ends the call when the steps together
        // take longer (an answer that trickles in, a slow connect followed by a slow answer).
        Deadline deadline = new Deadline(connection);
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(deadline, millis, TimeUnit.MILLISECONDS);
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setRequestMethod(request.getMethod().toString());
            String auth = request.getAuthString();
            if (auth != null) {
                connection.setRequestProperty("Authorization", auth.startsWith("Basic ") ? auth
                        : "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
            } else if (request.getUsername() != null) {
                connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (request.getUsername() + ":" + request.getPassword()).getBytes(StandardCharsets.UTF_8)));
            }
            for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
                for (String value : header.getValue()) {
                    if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
                        connection.addRequestProperty(header.getKey(), value);
                    }
                }
            }
            connection.setRequestProperty("Accept", "application/json");
            if (request.getMethod() == HttpMethod.POST) {
                byte[] body = request.encodeFormBody().getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : readAll(in);
            watchdog.cancel(false);
            if (deadline.passed) {
                throw new SocketTimeoutException(); // the watchdog fired as the answer came in: too late all the same
            }
            return new Response(body, status);
        } catch (IOException | RuntimeException e) {
            // A watchdog that closes the connection while it is still being opened or written can
            // leave HttpURLConnection to fail with an unchecked exception of its own: a timeout too.
            watchdog.cancel(false);
            connection.disconnect(); // a connection in an unknown state goes back to no pool
            if (deadline.passed || e instanceof SocketTimeoutException) {
                throw new ApiConnectionException("timeout after " + timeout.toMillis() + " ms");
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new ApiConnectionException("connection failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Ends a call at its timeout. It says so before it closes the socket: the call's thread sees the
     * closed socket as a {@code SocketException}, possibly while this task still runs, when a
     * {@code cancel} of the task would still succeed and could not tell a timeout from a broken connection.
     */
    private static final class Deadline implements Runnable {
        private final HttpURLConnection connection;
        private volatile boolean passed;

        Deadline(HttpURLConnection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            passed = true;
            connection.disconnect();
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "twofold-twilio-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true); // a cancelled watch is gone at once, not kept until it would have fired
        return executor;
    }

    /** Reads the answer to its end, so the connection can be kept alive for the next message. */
    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI target(URL url) {
        if (baseUrl == null) {
            return URI.create(url.toString());
        }
        String file = url.getFile(); // path + query
        return URI.create(baseUrl + file);
    }
}

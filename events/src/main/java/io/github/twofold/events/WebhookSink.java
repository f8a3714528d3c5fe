package io.github.twofold.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Sends audit records to an HTTP endpoint, signed, off the request thread: {@link #offer} only puts
 * the record in a bounded queue (never blocks; when the queue is full the record is dropped and
 * counted, and the first drop is logged); one worker posts each record with a timeout and retries
 * failures with exponential back-off. A slow or dead endpoint therefore never slows a login.
 *
 * <p>Each POST carries {@code X-Twofold-Timestamp} (epoch seconds) and
 * {@code X-Twofold-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.
 */
public final class WebhookSink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSink.class);

    public record Settings(URI url, byte[] secret, int queueSize, Duration timeout, int maxAttempts, Duration firstRetry) {
    }

    private final Settings settings;
    private final BlockingQueue<String> queue;
    private final HttpClient http;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final Thread worker;
    private volatile boolean running = true;

    public WebhookSink(Settings settings) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.worker = new Thread(this::run, "twofold-webhook");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a record; never blocks. */
    public void offer(String record) {
        if (!queue.offer(record)) {
            long n = dropped.incrementAndGet();
            if (dropLogged.compareAndSet(false, true)) {
                LOG.warnf("Twofold webhook queue full (%d records): dropping events until the endpoint catches up (dropped so far: %d; "
                        + "see twofold_webhook_dropped_total)", settings.queueSize(), n);
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long delivered() {
        return delivered.get();
    }

    private void run() {
        while (running) {
            String record;
            try {
                record = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (record != null) {
                deliver(record);
            }
        }
    }

    private void deliver(String record) {
        Duration wait = settings.firstRetry();
        for (int attempt = 1; attempt <= settings.maxAttempts() && running; attempt++) {
            String outcome;
            try {
                HttpResponse<Void> response = http.send(request(record), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                outcome = "HTTP " + response.statusCode();
            } catch (java.io.IOException e) {
                outcome = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt == settings.maxAttempts()) {
                dropped.incrementAndGet();
                LOG.warnf("Twofold webhook: an event was dropped after %d attempts (last: %s)", attempt, outcome);
                return;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : wait.multipliedBy(2);
        }
    }

    private HttpRequest request(String body) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("X-Twofold-Timestamp", timestamp)
                .header("X-Twofold-Signature", "sha256=" + sign(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** hex HMAC-SHA256 over {@code timestamp + "." + body}: what a receiver recomputes to verify. */
    public static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}

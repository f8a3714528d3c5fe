package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events wait in a bounded queue: while the endpoint is stuck, what does not fit is dropped and counted, and the request never waits. */
class WebhookSinkTest {

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFitAndDeliversTheRestLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            firstArrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.start();
        URI url = URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook");
        try (WebhookSink sink = new WebhookSink(new WebhookSink.Settings(url, "0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                2, Duration.ofSeconds(30), 1, Duration.ofSeconds(1)))) {
            sink.offer("{\"n\":0}");
            assertThat(firstArrived.await(10, TimeUnit.SECONDS)).as("the first event is at the stuck endpoint").isTrue();
            for (int i = 1; i <= 9; i++) {
                sink.offer("{\"n\":" + i + "}"); // returns at once although the endpoint is stuck
            }
            assertThat(sink.dropped()).as("two wait in the queue, the other seven are dropped and counted").isEqualTo(7);
            assertThat(sink.delivered()).isZero();

            release.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sink.delivered() < 3 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(sink.delivered()).as("the one in flight and the two queued").isEqualTo(3);
            assertThat(sink.dropped()).isEqualTo(7);
        } finally {
            endpoint.stop(0);
        }
    }
}

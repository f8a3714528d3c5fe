package io.github.twofold.it.harness;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The test server's clock, moved by the test-only provider {@code test-clock} (never in the
 * shipped JAR). {@link #advance} moves it forward; closing puts it back, so use it in
 * try-with-resources: every other test sees the real time again.
 */
public final class TestClock implements AutoCloseable {

    private final String baseUrl;
    private final boolean shared;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int offset;

    /**
     * @param shared whether other test classes use this server at the same time (the main server):
     *               then only a test marked {@link MovesClock} may move it
     */
    TestClock(String baseUrl, boolean shared) {
        this.baseUrl = baseUrl;
        this.shared = shared;
    }

    /** Moves the server's clock forward by {@code by}, rounded up to whole seconds (cumulative). */
    public TestClock advance(Duration by) {
        offset += (int) ((by.toMillis() + 999) / 1000);
        set(offset);
        return this;
    }

    /**
     * Sets the server's clock to {@code epochSeconds} (also into the past, e.g. to the moment stored
     * data was recorded); a later {@link #advance} moves on from there.
     */
    public TestClock at(long epochSeconds) {
        offset = (int) (epochSeconds - System.currentTimeMillis() / 1000);
        set(offset);
        return this;
    }

    @Override
    public void close() {
        offset = 0;
        set(0);
    }

    private void set(int seconds) {
        Method test = TwofoldExtension.currentTest();
        if (shared && (test == null || !test.isAnnotationPresent(MovesClock.class))) {
            throw new AssertionError("the main server's clock is every running test's: mark the test that moves it @MovesClock ("
                    + (test == null ? "no test method on this thread" : test.getDeclaringClass().getSimpleName() + "." + test.getName()) + ")");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/test-clock/offset?offset=" + seconds))
                    .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("test clock answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot move the test server's clock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

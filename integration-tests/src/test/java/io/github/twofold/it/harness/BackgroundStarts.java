package io.github.twofold.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Starts the other servers the run's classes use, one after another on one background thread,
 * once the main server is up: their start (about 40 s each, mostly CPU) overlaps the tests on the
 * main server, which leave a third of the two cores idle, instead of adding to the run's time. A
 * test that needs a server before it is up waits for it (or starts it itself, when the thread has
 * not come to it yet). A start that fails here is only reported: the test that needs the server
 * starts it again and fails with the cause.
 */
final class BackgroundStarts {

    private static final String THREAD = "twofold-background-starts";
    private static Thread thread;

    private BackgroundStarts() {
    }

    static synchronized void begin(TestEnvironment env, Set<OtherServer> servers) {
        if (servers.isEmpty() || thread != null) {
            return;
        }
        List<OtherServer> order = new ArrayList<>(servers);
        System.out.printf("[twofold-it] starting in the background while the main server's tests run: %s%n", order);
        thread = new Thread(() -> {
            for (OtherServer server : order) {
                long started = System.nanoTime();
                try {
                    server.start(env);
                    System.out.printf("[twofold-it] background start of %s done in %.1f s%n", server, (System.nanoTime() - started) / 1e9);
                } catch (RuntimeException e) {
                    System.out.printf("[twofold-it] background start of %s failed (its tests start it again): %s%n", server, e);
                }
            }
        }, THREAD);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The prefix of a server command started from the background thread: the lowest CPU priority,
     * so that the start takes only what the tests on the main server leave idle and does not slow
     * them. Back to normal once the server is up ({@link #restorePriority}).
     */
    static List<String> niceness() {
        return Thread.currentThread().getName().equals(THREAD) ? List.of("nice", "-n", "19") : List.of();
    }

    /**
     * Once a server started from the background thread is up, its tests will want the cores
     * (against Chromium and the test JVM): back to the normal priority. Raising a priority needs
     * root; elsewhere the server stays at the lowest, which only makes its tests slower.
     */
    static void restorePriority(long processGroup) {
        if (niceness().isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("renice", "-n", "0", "-g", Long.toString(processGroup))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (java.io.IOException e) {
            // no renice here: the server keeps the lowest priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the thread to finish (before the run stops its servers, so none is left starting). */
    static void await() {
        Thread t;
        synchronized (BackgroundStarts.class) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.github.twofold.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes sure no Keycloak or Chromium process outlives the test JVM.
 *
 * <p>Every external process the harness starts runs in its own process group ({@code setsid}); the
 * group ids are kept in a file. A shutdown hook stops them when the JVM exits normally or on
 * Ctrl-C; a small watchdog shell (in its own session, so it survives the JVM) stops them when the
 * JVM is killed with SIGKILL and no hook runs.
 */
public final class ProcessReaper {

    private static ProcessReaper instance;

    private final Path registryFile;
    private final Set<Long> groups = new LinkedHashSet<>();

    private ProcessReaper(Path workDir) {
        this.registryFile = workDir.resolve("process-groups.txt");
    }

    /** The reaper if the harness started one (null before the first process). */
    public static synchronized ProcessReaper existing() {
        return instance;
    }

    public static synchronized ProcessReaper get(Path workDir) {
        if (instance == null) {
            instance = new ProcessReaper(workDir);
            instance.start();
        }
        return instance;
    }

    private void start() {
        try {
            Files.createDirectories(registryFile.getParent());
            Files.writeString(registryFile, "");
            Path script = registryFile.resolveSibling("watchdog.sh");
            Files.writeString(script, """
                    #!/bin/sh
                    # Stops the process groups listed in $2 once the JVM with pid $1 is gone.
                    while kill -0 "$1" 2>/dev/null; do sleep 1; done
                    [ -f "$2" ] || exit 0
                    for pg in $(cat "$2"); do kill -TERM -- "-$pg" 2>/dev/null; done
                    sleep 10
                    for pg in $(cat "$2"); do kill -KILL -- "-$pg" 2>/dev/null; done
                    exit 0
                    """);
            new ProcessBuilder("setsid", "sh", script.toString(),
                    Long.toString(ProcessHandle.current().pid()), registryFile.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the process watchdog", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "twofold-process-reaper"));
    }

    public synchronized void register(long processGroup) {
        groups.add(processGroup);
        save();
    }

    /** The process groups running now (the servers, Chromium). */
    public synchronized Set<Long> groups() {
        return Set.copyOf(groups);
    }

    /** The directory the registry lives in ({@code target/it}). */
    public Path workDir() {
        return registryFile.getParent();
    }

    public synchronized void unregister(long processGroup) {
        groups.remove(processGroup);
        save();
    }

    private void save() {
        try {
            Path tmp = registryFile.resolveSibling(registryFile.getFileName() + ".tmp");
            Files.writeString(tmp, groups.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
            Files.move(tmp, registryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + registryFile, e);
        }
    }

    /** Stops one process group: SIGTERM, then SIGKILL after the grace period. */
    public void stopGroup(long processGroup, long graceSeconds) {
        signal(processGroup, "TERM");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (groupAlive(processGroup) && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (groupAlive(processGroup)) {
            signal(processGroup, "KILL");
            sleep(200);
        }
        unregister(processGroup);
    }

    private synchronized void stopAll() {
        for (Long group : Set.copyOf(groups)) {
            stopGroup(group, 10);
        }
    }

    static boolean groupAlive(long processGroup) {
        try {
            Process p = new ProcessBuilder("kill", "-0", "--", "-" + processGroup)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void signal(long processGroup, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + processGroup)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // nothing left to signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

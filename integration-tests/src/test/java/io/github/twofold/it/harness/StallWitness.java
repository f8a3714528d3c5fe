package io.github.twofold.it.harness;

import io.github.twofold.testsupport.HttpLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What every process was doing when a request had no answer for {@link HttpLogin#STALL_AFTER}:
 * a thread dump of each Java process the harness started (the servers) and of this JVM (the load
 * generator), and PostgreSQL's lock view, kept under {@code target/it/stalls/} with the results.
 * At most {@link #MAX_RECORDS} per run, so a server that stopped answering every request does not
 * fill the disk.
 */
public final class StallWitness {

    static final int MAX_RECORDS = 5;
    private static final AtomicInteger RECORDS = new AtomicInteger();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss-SSS");

    private StallWitness() {
    }

    /** How many requests of this run went without an answer for {@link HttpLogin#STALL_AFTER}. */
    public static int count() {
        return RECORDS.get();
    }

    /** Records the dumps for a request that has had no answer; returns the directory, or null past the limit. */
    public static Path record(String request) {
        int n = RECORDS.incrementAndGet();
        if (n > MAX_RECORDS) {
            return null;
        }
        ProcessReaper reaper = ProcessReaper.existing();
        Path dir = (reaper == null ? Path.of("target", "it") : reaper.workDir())
                .resolve("stalls").resolve(n + "-" + STAMP.format(LocalDateTime.now()));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("request.txt"), request + "\n");
            dump(ProcessHandle.current().pid(), dir.resolve("load-generator.txt"));
            if (reaper != null) {
                for (long group : reaper.groups()) {
                    for (long pid : javaProcessesIn(group)) {
                        dump(pid, dir.resolve("server-" + pid + ".txt"));
                    }
                }
            }
            run(dir.resolve("postgres-locks.txt"), "psql", "-h", "127.0.0.1", "-U", "postgres", "-At", "-c",
                    "select now(), pid, state, wait_event_type, wait_event, left(query, 200) from pg_stat_activity where datname is not null;"
                            + " select locktype, relation::regclass, mode, granted, pid from pg_locks where not granted");
        } catch (IOException e) {
            System.err.println("[stall] cannot record the dumps in " + dir + ": " + e);
        }
        return dir;
    }

    private static void dump(long pid, Path to) {
        run(to, "jcmd", Long.toString(pid), "Thread.print", "-l");
    }

    private static List<Long> javaProcessesIn(long group) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its ')'
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (Long.parseLong(after[2]) == group && comm.equals("java")) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    private static void run(Path output, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            try {
                Files.writeString(output, "could not run " + command[0] + ": " + e + "\n");
            } catch (IOException ignored) {
                // nothing more to keep
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

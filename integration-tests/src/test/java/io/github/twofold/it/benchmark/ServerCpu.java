package io.github.twofold.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of every process in one process group, read from {@code /proc}: the
 * Keycloak server's cost, apart from the load generator's. Linux only; elsewhere
 * {@link #available()} is false and the report leaves the column empty.
 */
final class ServerCpu {

    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long processGroup;

    ServerCpu(long processGroup) {
        this.processGroup = processGroup;
    }

    boolean available() {
        return processGroup > 0 && Files.isDirectory(Path.of("/proc/self"));
    }

    /** CPU nanoseconds used so far by the group's live processes (-1 when not available). */
    long nanos() {
        if (!available()) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                ticks += ticksIfInGroup(dir.resolve("stat"));
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** The thread kinds {@link #split} reports, in report order; "ended" is CPU of threads that ended in between. */
    static final List<String> THREADS = List.of("requests", "event loops", "GC", "JIT", "other", "ended");

    /** One live thread of the server: its kind and CPU nanoseconds so far. */
    record ThreadCpu(String kind, long nanos) {
    }

    /** The server's live threads by thread id (empty when not available). */
    Map<String, ThreadCpu> threads() {
        Map<String, ThreadCpu> threads = new LinkedHashMap<>();
        if (!available()) {
            return threads;
        }
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                if (ticksIfInGroup(dir.resolve("stat")) == 0) {
                    continue;
                }
                try (Stream<Path> tasks = Files.list(dir.resolve("task"))) {
                    for (Path task : tasks.toList()) {
                        String[] stat = stat(task.resolve("stat"));
                        if (stat != null) {
                            threads.put(task.getFileName().toString(), new ThreadCpu(kind(stat[0]),
                                    (Long.parseLong(stat[12]) + Long.parseLong(stat[13])) * NANOS_PER_TICK));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * CPU between two readings by thread kind: Keycloak's request threads, Vert.x event loops
     * (HTTP in and out), the garbage collector, the JIT compilers, the rest (timers, Infinispan,
     * the JDK HTTP client's selectors) and, from the process total, what threads that ended in
     * between used (Quarkus ends idle request threads).
     */
    static Map<String, Long> split(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after, long totalNanos) {
        Map<String, Long> split = new LinkedHashMap<>();
        THREADS.forEach(t -> split.put(t, 0L));
        long live = 0;
        for (Map.Entry<String, ThreadCpu> e : after.entrySet()) {
            ThreadCpu earlier = before.get(e.getKey());
            long used = e.getValue().nanos() - (earlier == null ? 0 : earlier.nanos());
            split.merge(e.getValue().kind(), used, Long::sum);
            live += used;
        }
        split.put("ended", Math.max(0, totalNanos - live));
        return split;
    }

    /** Thread names as Linux keeps them (15 characters). */
    private static String kind(String comm) {
        if (comm.startsWith("executor-thread")) {
            return "requests";
        }
        if (comm.startsWith("vert.x-eventloo") || comm.startsWith("vert.x-acceptor")) {
            return "event loops";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return "GC";
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "JIT";
        }
        return "other";
    }

    /** {@code comm} and the fields after it of a stat file, or null when it is gone. */
    private static String[] stat(Path stat) {
        try {
            String line = Files.readString(stat);
            String comm = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
            String[] rest = line.substring(line.lastIndexOf(')') + 2).split(" ");
            String[] all = new String[rest.length + 1];
            all[0] = comm;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return all;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private long ticksIfInGroup(Path stat) {
        try {
            String line = Files.readString(stat);
            // "pid (comm) state ppid pgrp ..." - comm may hold spaces and parentheses.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(fields[2]) != processGroup) {
                return 0;
            }
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended while we read
        }
    }
}

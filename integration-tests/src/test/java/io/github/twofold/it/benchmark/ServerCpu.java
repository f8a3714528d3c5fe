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
        try {
            return processes().stream().mapToLong(ServerCpu::processTicks).sum() * NANOS_PER_TICK;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The thread kinds {@link #split} reports, in report order; "ended" is CPU of threads that ended
     * in between. The split also holds {@link #KERNEL}.
     */
    static final List<String> THREADS = List.of("requests", "event loops", "GC", "JIT", "other", "ended");

    /** One live thread of the server: its kind and CPU nanoseconds so far, and how many of them in the kernel. */
    record ThreadCpu(String kind, long nanos, long kernelNanos) {
    }

    /** The server's live threads by thread id (empty when not available). */
    Map<String, ThreadCpu> threads() {
        Map<String, ThreadCpu> threads = new LinkedHashMap<>();
        if (!available()) {
            return threads;
        }
        try {
            for (Path dir : processes()) {
                try (Stream<Path> tasks = Files.list(dir.resolve("task"))) {
                    for (Path task : tasks.toList()) {
                        String[] stat = stat(task.resolve("stat"));
                        if (stat != null) {
                            threads.put(task.getFileName().toString(),
                                    new ThreadCpu(kind(stat[0]), ticks(stat) * NANOS_PER_TICK, kernelTicks(stat) * NANOS_PER_TICK));
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
        long kernel = 0;
        for (Map.Entry<String, ThreadCpu> e : after.entrySet()) {
            ThreadCpu earlier = before.get(e.getKey());
            long used = e.getValue().nanos() - (earlier == null ? 0 : earlier.nanos());
            split.merge(e.getValue().kind(), used, Long::sum);
            live += used;
            if (e.getValue().kind().equals("requests")) {
                kernel += e.getValue().kernelNanos() - (earlier == null ? 0 : earlier.kernelNanos());
            }
        }
        split.put("ended", Math.max(0, totalNanos - live));
        split.put(KERNEL, kernel);
        return split;
    }

    /**
     * Not a thread kind: how much of the request threads' CPU was in the kernel (system calls, such
     * as the network I/O of the gateway's call), reported beside the split.
     */
    static final String KERNEL = "requests in the kernel";

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

    /**
     * A {@code stat} file's fields, {@code comm} first (it may hold spaces and parentheses, so it is
     * cut at the last ')'): [0] comm, [1] state, [2] ppid, [3] pgrp, ... [12] utime, [13] stime
     * (clock ticks); null when the process or thread is gone.
     */
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

    /** The /proc directories of the group's processes. */
    private List<Path> processes() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        String[] fields = stat(p.resolve("stat"));
                        return fields != null && Long.parseLong(fields[3]) == processGroup;
                    }).toList();
        }
    }

    /** A process's CPU ticks (its threads', including ended ones), 0 when it is gone. */
    private static long processTicks(Path dir) {
        String[] fields = stat(dir.resolve("stat"));
        return fields == null ? 0 : ticks(fields);
    }

    /** utime + stime of a {@link #stat} line. */
    private static long ticks(String[] fields) {
        return Long.parseLong(fields[12]) + kernelTicks(fields);
    }

    /** stime (in the kernel) of a {@link #stat} line. */
    private static long kernelTicks(String[] fields) {
        return Long.parseLong(fields[13]);
    }
}

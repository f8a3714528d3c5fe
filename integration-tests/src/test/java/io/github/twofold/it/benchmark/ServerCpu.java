package io.github.twofold.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

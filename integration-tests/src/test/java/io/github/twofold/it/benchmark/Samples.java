package io.github.twofold.it.benchmark;

import java.util.Arrays;

/** Latencies in nanoseconds, collected from many threads; percentiles by sorting (runs hold thousands, not millions). */
final class Samples {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] copy = other.snapshot();
        for (long v : copy) {
            add(v);
        }
    }

    synchronized int count() {
        return size;
    }

    private synchronized long[] snapshot() {
        return Arrays.copyOf(values, size);
    }

    /** The p-th percentile in milliseconds (nearest rank), NaN when empty. */
    double percentileMillis(double p) {
        long[] sorted = snapshot();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}

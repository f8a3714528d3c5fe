package io.github.twofold.limit;

import io.github.twofold.store.Counter;

/**
 * Sliding-window budget over a counter: the estimate is this window's hits plus the previous
 * window's hits weighted by how much of it still overlaps the last {@code window} seconds (the
 * two-window approximation used by large rate limiters). A refused request is not counted, so a
 * client hammering a spent budget does not push its own reset further away.
 */
public final class SlidingWindow {

    private SlidingWindow() {
    }

    /** Rolls the counter to the window containing {@code now}. */
    static void roll(Counter c, long now, long window) {
        long current = now - Math.floorMod(now, window);
        if (c.windowStart == current) {
            return;
        }
        c.previousHits = c.windowStart == current - window ? c.hits : 0;
        c.hits = 0;
        c.windowStart = current;
    }

    static double estimate(Counter c, long now, long window) {
        double elapsed = (now - c.windowStart) / (double) window;
        return c.previousHits * (1.0 - elapsed) + c.hits;
    }

    /** Seconds until one more hit fits, or 0 when it fits now. */
    public static long retryAfter(Counter counter, int limit, long window, long now) {
        Counter c = copy(counter);
        roll(c, now, window);
        if (estimate(c, now, window) + 1 <= limit) {
            return 0;
        }
        // Walk forward in small steps; the estimate only falls with time. Bounded: two windows.
        long step = Math.max(1, window / 240);
        for (long t = step; t <= 2 * window; t += step) {
            Counter probe = copy(c);
            roll(probe, now + t, window);
            if (estimate(probe, now + t, window) + 1 <= limit) {
                return t;
            }
        }
        return 2 * window;
    }

    /** Counts one hit if it fits; returns the seconds to wait (0 = counted). */
    public static long tryHit(Counter c, int limit, long window, long now) {
        long wait = retryAfter(c, limit, window, now);
        if (wait == 0) {
            hit(c, window, now);
        }
        return wait;
    }

    /** Counts one hit unconditionally. */
    public static void hit(Counter c, long window, long now) {
        roll(c, now, window);
        c.hits++;
        c.lastHit = now;
        c.expiresAt = c.windowStart + 2 * window;
        c.changed();
    }

    /** Takes one hit back (an attempt that turned out not to be a failure). */
    public static void undo(Counter c, long window, long now) {
        roll(c, now, window);
        if (c.hits > 0) {
            c.hits--;
            c.changed();
        }
    }

    private static Counter copy(Counter c) {
        Counter copy = Counter.blank(c.id());
        copy.windowStart = c.windowStart;
        copy.hits = c.hits;
        copy.previousHits = c.previousHits;
        copy.lastHit = c.lastHit;
        copy.expiresAt = c.expiresAt;
        return copy;
    }
}

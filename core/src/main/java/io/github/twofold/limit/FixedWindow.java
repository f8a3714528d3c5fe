package io.github.twofold.limit;

import io.github.twofold.store.Counter;

/**
 * Fixed window aligned to UTC epoch multiples (a day window resets at 00:00 UTC): used for the
 * realm-wide SMS circuit breaker, which opens when the day's budget is spent and closes when the
 * next day begins.
 */
public final class FixedWindow {

    private FixedWindow() {
    }

    /** Seconds until one more hit fits (the next window), or 0 when it fits now. */
    public static long retryAfter(Counter c, int limit, long window, long now) {
        long current = now - Math.floorMod(now, window);
        int hits = c.windowStart == current ? c.hits : 0;
        return hits + 1 > limit ? current + window - now : 0;
    }

    public static long tryHit(Counter c, int limit, long window, long now) {
        long wait = retryAfter(c, limit, window, now);
        if (wait > 0) {
            return wait;
        }
        long current = now - Math.floorMod(now, window);
        if (c.windowStart != current) {
            c.windowStart = current;
            c.hits = 0;
        }
        c.hits++;
        c.lastHit = now;
        c.expiresAt = current + window;
        c.changed();
        return 0;
    }

    public static void undo(Counter c, long window, long now) {
        long current = now - Math.floorMod(now, window);
        if (c.windowStart == current && c.hits > 0) {
            c.hits--;
            c.changed();
        }
    }
}

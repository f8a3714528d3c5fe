package io.github.twofold.limit;

import io.github.twofold.store.Counter;

/**
 * Wrong second-factor entries on one account: free for the first few, then each further try must
 * wait 5 s after the previous failure, doubling up to 15 minutes, and at the lock threshold the
 * second step is locked until the window (which starts at the first failure) ends. A success
 * ends the streak it belongs to ({@link #forgive}); a lock, once reached, ends only with its window
 * or an admin's unlock.
 */
public final class FailureStreak {

    static final long FIRST_DELAY = 5;
    static final long MAX_DELAY = 900;

    private FailureStreak() {
    }

    /** Delay after {@code failures} failures when delays start after {@code freeFailures}. */
    public static long delayAfter(int failures, int freeFailures) {
        if (failures < freeFailures) {
            return 0;
        }
        int doublings = Math.min(failures - freeFailures, 20);
        return Math.min(MAX_DELAY, FIRST_DELAY << doublings);
    }

    /** Whether another attempt may be evaluated now. */
    public static LimitDecision check(Counter c, int freeFailures, int lockAt, long now) {
        if (c.hits >= lockAt) {
            return LimitDecision.refused(LimitKind.ACCOUNT_LOCK, c.expiresAt - now);
        }
        long ready = c.lastHit + delayAfter(c.hits, freeFailures);
        if (c.hits >= freeFailures && now < ready) {
            return LimitDecision.refused(LimitKind.ACCOUNT_DELAY, ready - now);
        }
        return LimitDecision.ALLOWED;
    }

    /** Counts an attempt (before it is evaluated). */
    public static void count(Counter c, long window, long now) {
        if (c.hits == 0) {
            c.windowStart = now;
            c.expiresAt = now + window;
        }
        c.hits++;
        c.lastHit = now;
        c.changed();
    }

    /**
     * Takes back an attempt {@link #count} counted in the streak that started at {@code streakStart}
     * and that could not be evaluated (the gateway that checks the code was unreachable); nothing
     * when that streak is gone (a success or an unlock ended it, and a new one may have started).
     */
    public static void uncount(Counter c, long streakStart) {
        if (c.hits == 0 || c.windowStart != streakStart) {
            return;
        }
        if (c.hits == 1) {
            clear(c);
            return;
        }
        c.hits--;
        c.changed();
    }

    /**
     * A right code ends the streak it was counted in: the {@code failures} counted up to and
     * including it go, while failures counted after it (parallel requests, checked while this one
     * was) stay, so a success never wipes wrong codes it did not see. Nothing goes when the streak
     * it saw is gone already (its window, {@code streakStart}, was cleared and started again) or
     * when the account has reached its lock meanwhile.
     */
    public static void forgive(Counter c, int failures, long streakStart, int lockAt) {
        if (c.hits == 0 || c.windowStart != streakStart || locked(c, lockAt)) {
            return;
        }
        if (c.hits <= failures) {
            clear(c);
            return;
        }
        c.hits -= failures;
        c.changed();
    }

    public static void clear(Counter c) {
        c.hits = 0;
        c.lastHit = 0;
        c.windowStart = 0;
        c.expiresAt = 0;
        c.changed();
    }

    public static boolean locked(Counter c, int lockAt) {
        return c.hits >= lockAt;
    }
}

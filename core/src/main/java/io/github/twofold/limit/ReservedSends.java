package io.github.twofold.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends of the budgets every send of a realm shares (the realm's day, the young accounts' day, a
 * country's hour) that this node has already counted in the database and hands out from memory:
 * one database row shared by every sign-in would otherwise be a queue that every SMS waits in,
 * on every node. A reserve belongs to one window and one limit; when the window ends or an admin
 * changes the limit, what is left of it is dropped (never used in another window), so a budget
 * is never exceeded: a reserved send was counted before it was reserved.
 *
 * <p>When the reserve runs out, one send of the node refills it on the row while the node's other
 * sends of that budget wait for it (briefly, bounded), rather than all queueing on the row.
 */
public final class ReservedSends {

    /** This node's reserves (one Keycloak server, one JVM). */
    public static final ReservedSends NODE = new ReservedSends();

    /** At most this share of what is left of a budget goes into one node's reserve. */
    static final int SHARE_OF_WHAT_IS_LEFT = 8;

    private record Reserve(long windowStart, int limit, int units) {
    }

    /** The longest a send waits for another send of its node to refill a reserve. */
    static final long REFILL_WAIT_MILLIS = 2000;

    /** How one send meets a shared budget. */
    enum Source {
        /** Taken from this node's reserve: the shared row is not touched. */
        RESERVE,
        /** Counted on the shared row, and this send refills the reserve ({@link #refilled} when done). */
        REFILL,
        /** Counted on the shared row (another send's refill did not leave enough). */
        ROW
    }

    private final ConcurrentHashMap<String, Reserve> reserves = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CountDownLatch> refilling = new ConcurrentHashMap<>();

    /**
     * Takes one send from the reserve, or makes this send the one that refills it, or waits for the
     * refill another send of this node is running and tries again. A send that is to refill must
     * call {@link #refilled} when its transaction is over, whatever its outcome.
     */
    Source source(String budgetId, long windowStart, int limit) {
        for (int round = 0; round < 3; round++) {
            if (take(budgetId, windowStart, limit)) {
                return Source.RESERVE;
            }
            CountDownLatch mine = new CountDownLatch(1);
            CountDownLatch running = refilling.putIfAbsent(budgetId, mine);
            if (running == null) {
                return Source.REFILL;
            }
            try {
                if (!running.await(REFILL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return Source.ROW;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Source.ROW;
            }
        }
        return Source.ROW;
    }

    /** The refill of this send is over (its units, if any, were {@link #add added}): wakes the sends waiting for it. */
    void refilled(String budgetId) {
        CountDownLatch latch = refilling.remove(budgetId);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Takes one send of the budget's reserve for this window and limit; false when there is none. */
    boolean take(String budgetId, long windowStart, int limit) {
        boolean[] taken = {false};
        reserves.computeIfPresent(budgetId, (id, r) -> {
            if (r.windowStart() != windowStart || r.limit() != limit) {
                return null;
            }
            taken[0] = true;
            return r.units() > 1 ? new Reserve(windowStart, limit, r.units() - 1) : null;
        });
        return taken[0];
    }

    /** Adds sends that a committed transaction counted for this node (or gives back one that was not sent). */
    void add(String budgetId, long windowStart, int limit, int units) {
        if (units <= 0) {
            return;
        }
        reserves.merge(budgetId, new Reserve(windowStart, limit, units), (old, added) -> {
            if (old.windowStart() == windowStart && old.limit() == limit) {
                return new Reserve(windowStart, limit, old.units() + units);
            }
            return windowStart >= old.windowStart() ? added : old;
        });
    }

    /** How many sends to reserve on top of this one, given what the budget has left after it. */
    static int toReserve(int reservePerNode, int leftAfterThisSend) {
        return Math.max(0, Math.min(reservePerNode - 1, leftAfterThisSend / SHARE_OF_WHAT_IS_LEFT));
    }

    /** Sends held for the budget in this window and limit (for tests and the admin's view). */
    public int held(String budgetId, long windowStart, int limit) {
        Reserve r = reserves.get(budgetId);
        return r != null && r.windowStart() == windowStart && r.limit() == limit ? r.units() : 0;
    }
}

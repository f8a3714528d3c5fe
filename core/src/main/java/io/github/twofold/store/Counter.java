package io.github.twofold.store;

/**
 * The state of one counter as the limit logic sees it. A counter that does not exist yet, or has
 * expired, reads as all zeros. Plain mutable state: {@link CounterStore} reads it under a row lock,
 * the limit logic changes it, the store writes it back in the same short transaction.
 */
public final class Counter {

    private final String id;
    public long windowStart;
    public int hits;
    public int previousHits;
    public long lastHit;
    public long expiresAt;
    boolean changed;

    Counter(String id) {
        this.id = id;
    }

    /** A detached counter for unit tests of the limit logic. */
    public static Counter blank(String id) {
        return new Counter(id);
    }

    public String id() {
        return id;
    }

    /** Marks the counter to be written back. */
    public void changed() {
        this.changed = true;
    }

    void load(CounterEntity e, long now) {
        if (e.getExpiresAt() > now) {
            windowStart = e.getWindowStart();
            hits = e.getHits();
            previousHits = e.getPreviousHits();
            lastHit = e.getLastHit();
            expiresAt = e.getExpiresAt();
        }
    }

    void store(CounterEntity e) {
        e.setWindowStart(windowStart);
        e.setHits(hits);
        e.setPreviousHits(previousHits);
        e.setLastHit(lastHit);
        e.setExpiresAt(expiresAt);
    }
}

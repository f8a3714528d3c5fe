package io.github.twofold.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One cluster-wide counter row (send budgets, failure streaks, per-code attempts). Rows are read
 * and written only under a row lock in a short transaction of their own ({@link CounterStore}).
 */
@Entity
@Table(name = "TWOFOLD_COUNTER")
public class CounterEntity {

    /** {@code twofold:<realm id>:<kind>:<hashed subject>}; never raw user input. */
    @Id
    @Column(name = "ID", length = 255)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    @Column(name = "HITS", nullable = false)
    private int hits;

    @Column(name = "PREVIOUS_HITS", nullable = false)
    private int previousHits;

    @Column(name = "LAST_HIT", nullable = false)
    private long lastHit;

    /** Epoch seconds after which the row means nothing and may be deleted. */
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getWindowStart() {
        return windowStart;
    }

    public void setWindowStart(long windowStart) {
        this.windowStart = windowStart;
    }

    public int getHits() {
        return hits;
    }

    public void setHits(int hits) {
        this.hits = hits;
    }

    public int getPreviousHits() {
        return previousHits;
    }

    public void setPreviousHits(int previousHits) {
        this.previousHits = previousHits;
    }

    public long getLastHit() {
        return lastHit;
    }

    public void setLastHit(long lastHit) {
        this.lastHit = lastHit;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}

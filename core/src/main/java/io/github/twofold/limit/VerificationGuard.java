package io.github.twofold.limit;

import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.store.Counter;
import io.github.twofold.store.CounterStore;
import io.github.twofold.code.PendingCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Limits on typing codes, for every kind of code (SMS, backup, emergency, enrollment): per code,
 * per account (increasing delay, then a lock) and per client address across accounts. All are
 * checked and the attempt counted in one atomic step BEFORE the code is looked at, so a burst of
 * parallel requests gets no more evaluations than the limits allow. A success ends the streak it
 * was counted in (not the failures counted after it) and gives the address its attempt back. A
 * check that needs no database (the SMS code) runs inside that step instead, under the counters'
 * row locks ({@link #verifyInMemory}): the same guarantee in one transaction.
 */
public final class VerificationGuard {

    private static final long HOUR = 3600;

    private final CounterStore store;
    private final String realmId;
    private final TwofoldPolicy policy;

    public VerificationGuard(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this(new CounterStore(session), realm.getId(), policy);
    }

    public VerificationGuard(CounterStore store, String realmId, TwofoldPolicy policy) {
        this.store = store;
        this.realmId = realmId;
        this.policy = policy;
    }

    /** A code whose wrong entries are capped (SMS codes; backup and emergency codes have no per-code cap). */
    public record CodeCap(String codeId, int attempts, long lifetimeSeconds) {

        /** The cap of a pending SMS code under the realm's policy; none when no code is pending. */
        public static Optional<CodeCap> ofSmsCode(PendingCode code, TwofoldPolicy policy) {
            return Optional.ofNullable(code).map(c -> new CodeCap(c.id(), policy.smsAttemptsPerCode(), policy.smsCodeLifetimeSeconds()));
        }
    }

    /**
     * What one typed code came to, through the one pipeline every surface uses ({@link #verify}):
     * refused by a limit before it was looked at, rejected by the check (and, when that locked the
     * account's second step, for how long, as the count that locked it saw), or accepted.
     */
    public record Verification<R>(LimitDecision refusal, R result, boolean accepted, long lockedForSeconds) {

        public boolean refused() {
            return refusal != null;
        }

        /**
         * Whether this rejected code locked the account's second step: its count reached the lock.
         * A code counted while the lock already held (an emergency code, which the lock does not
         * stop) did not lock anything; the lock was reported once, by the count that reached it.
         */
        public boolean locked() {
            return lockedForSeconds > 0;
        }
    }

    /**
     * Counts the attempt against every limit before {@code check} looks at the code (the check also
     * consumes a right code); on acceptance ends the account's streak. The caller turns the
     * outcome into its page, error response and event.
     */
    public <R> Verification<R> verify(UserModel user, String clientKey, Optional<CodeCap> cap, Supplier<R> check, Predicate<R> accepts) {
        return verify(user.getId(), clientKey, cap, check, accepts);
    }

    /** {@link #verify(UserModel, String, Optional, Supplier, Predicate)} for a user id. */
    public <R> Verification<R> verify(String userId, String clientKey, Optional<CodeCap> cap, Supplier<R> check, Predicate<R> accepts) {
        return verify(userId, clientKey, cap, check, accepts, true);
    }

    /**
     * As above; with {@code heldByAccountLock} false the account's lock does not stop the attempt
     * (it is still counted), and a right code ends the streak and the lock, as an admin's unlock
     * does: an emergency code an admin issued after verifying the person works while someone who has
     * the password keeps the second step locked, and the new factor it leads to can then be confirmed.
     */
    public <R> Verification<R> verify(String userId, String clientKey, Optional<CodeCap> cap, Supplier<R> check, Predicate<R> accepts,
                                      boolean heldByAccountLock) {
        return verify(userId, clientKey, cap, check, accepts, result -> false, heldByAccountLock);
    }

    /**
     * As above; a result {@code unchecked} accepts means the code could not be looked at (the
     * gateway that checks it was unreachable): the attempt is taken back from every counter, so an
     * outage at the gateway never locks anyone out, and the caller reports no failure either.
     */
    public <R> Verification<R> verify(String userId, String clientKey, Optional<CodeCap> cap, Supplier<R> check, Predicate<R> accepts,
                                      Predicate<R> unchecked, boolean heldByAccountLock) {
        Attempt attempt = begin(userId, clientKey, cap.orElse(null), heldByAccountLock);
        if (!attempt.allowed()) {
            return new Verification<>(attempt.decision(), null, false, 0);
        }
        R result = check.get();
        if (accepts.test(result)) {
            attempt.succeeded(!heldByAccountLock);
            return new Verification<>(null, result, true, 0);
        }
        if (unchecked.test(result)) {
            attempt.takeBack();
            return new Verification<>(null, result, false, 0);
        }
        return new Verification<>(null, result, false, attempt.lockedForSecondsIfWrong());
    }

    /** The outcome of {@link #begin}: may the code be evaluated, and what a failure would mean. */
    private final class Attempt {
        private final LimitDecision decision;
        /** The account's counted failures including this attempt, the start of their streak, and the lock's seconds left if this attempt's count reached it. */
        private final int accountFailures;
        private final long streakStart;
        private final long lockSeconds;
        private final String userKey;
        private final String ipKey;
        /** The code's counter, or null when the attempt has no per-code cap. */
        private final String codeKey;

        private Attempt(LimitDecision decision, Counter user, long lockSeconds, Keys keys) {
            this.decision = decision;
            this.accountFailures = user.hits;
            this.streakStart = user.windowStart;
            this.lockSeconds = lockSeconds;
            this.userKey = keys.user();
            this.ipKey = keys.ip();
            this.codeKey = keys.code();
        }

        public LimitDecision decision() {
            return decision;
        }

        public boolean allowed() {
            return decision.allowed();
        }

        /** The seconds this attempt, if wrong, locks the account's second step for (0: it does not lock it). */
        public long lockedForSecondsIfWrong() {
            return decision.allowed() ? lockSeconds : 0;
        }

        /**
         * The code was right: end the streak it was counted in (with {@code endsLock}, the whole
         * streak and any lock: a code the lock does not stop), give the address its attempt back.
         */
        public void succeeded(boolean endsLock) {
            if (!decision.allowed()) {
                return;
            }
            store.update(realmId, List.of(userKey, ipKey), counters -> {
                if (endsLock) {
                    FailureStreak.clear(counters.get(userKey));
                } else {
                    FailureStreak.forgive(counters.get(userKey), accountFailures, streakStart, policy.failuresBeforeLock());
                }
                SlidingWindow.undo(counters.get(ipKey), HOUR, Time.currentTime());
                return null;
            });
        }

        /** The code could not be looked at: every counter this attempt moved goes back. */
        public void takeBack() {
            if (!decision.allowed()) {
                return;
            }
            List<String> ids = codeKey == null ? List.of(userKey, ipKey) : List.of(userKey, ipKey, codeKey);
            store.update(realmId, ids, counters -> {
                FailureStreak.uncount(counters.get(userKey), streakStart);
                SlidingWindow.undo(counters.get(ipKey), HOUR, Time.currentTime());
                if (codeKey != null && counters.get(codeKey).hits > 0) {
                    counters.get(codeKey).hits--;
                    counters.get(codeKey).changed();
                }
                return null;
            });
        }
    }

    /**
     * As {@link #verify(String, String, Optional, Supplier, Predicate, boolean)}, for a check that
     * reads and writes nothing in the database (an SMS code compared with the one kept in memory):
     * the limits, the check and what it counts happen in one transaction that holds the counters'
     * row locks, so parallel attempts still wait for each other and each is counted before the next
     * one is looked at, and a right code costs one locking read and the commit instead of two
     * transactions (count, then clear).
     */
    public <R> Verification<R> verifyInMemory(String userId, String clientKey, Optional<CodeCap> cap, Supplier<R> check, Predicate<R> accepts,
                                              boolean heldByAccountLock) {
        Keys keys = keys(userId, clientKey, cap.orElse(null));
        return store.update(realmId, keys.ids(), counters -> {
            long now = Time.currentTime();
            LimitDecision refusal = refusal(counters, keys, cap.orElse(null), heldByAccountLock, now);
            if (refusal != null) {
                return new Verification<>(refusal, null, false, 0);
            }
            R result = check.get();
            Counter user = counters.get(keys.user());
            if (accepts.test(result)) {
                if (user.hits > 0) {
                    FailureStreak.clear(user); // under the row lock: no failure was counted since this streak was read
                }
                return new Verification<>(null, result, true, 0);
            }
            return new Verification<>(null, result, false, countReachingLock(counters, keys, cap.orElse(null), now));
        });
    }

    /**
     * As {@link #verify(String, String, Optional, Supplier, Predicate)}, for a secret too long to
     * guess (a trusted browser's 256-bit cookie), where counting before the check would buy nothing:
     * the limits are read, not counted, before it (a lock or a delay still refuses it), a refused
     * secret is counted after it, like a wrong code, and a right one writes nothing unless it ends
     * a failure streak (which ends as {@link FailureStreak#forgive} says: failures counted since the
     * read stay). So honouring a valid cookie costs one plain read, no transaction that writes.
     */
    public <R> Verification<R> verifyUnguessable(String userId, String clientKey, Supplier<R> check, Predicate<R> accepts) {
        Keys keys = keys(userId, clientKey, null);
        Map<String, Counter> before = store.read(keys.ids());
        LimitDecision refusal = refusal(before, keys, null, true, Time.currentTime());
        if (refusal != null) {
            return new Verification<>(refusal, null, false, 0);
        }
        R result = check.get();
        if (accepts.test(result)) {
            Counter streak = before.get(keys.user());
            if (streak.hits > 0) {
                store.update(realmId, List.of(keys.user()), counters -> {
                    FailureStreak.forgive(counters.get(keys.user()), streak.hits, streak.windowStart, policy.failuresBeforeLock());
                    return null;
                });
            }
            return new Verification<>(null, result, true, 0);
        }
        long lockedFor = store.update(realmId, keys.ids(), counters -> countReachingLock(counters, keys, null, Time.currentTime()));
        return new Verification<>(null, result, false, lockedFor);
    }

    /** The counters one attempt is limited by: the account's streak, the client address, and the code when it has a cap. */
    private record Keys(String user, String ip, String code) {
        List<String> ids() {
            List<String> ids = new ArrayList<>(List.of(user, ip));
            if (code != null) {
                ids.add(code);
            }
            return ids;
        }
    }

    private Keys keys(String userId, String clientKey, CodeCap cap) {
        return keys(realmId, userId, clientKey, cap == null ? null : cap.codeId());
    }

    private static Keys keys(String realmId, String userId, String clientKey, String codeId) {
        return new Keys(userKey(realmId, userId), CounterKeys.of(realmId, "fail-ip", clientKey),
                codeId == null ? null : CounterKeys.of(realmId, "code", codeId));
    }

    /**
     * The counters a code about to be sent will be checked against: the send creates them with its
     * own (one transaction), so the check finds them and takes their locks at once.
     */
    public static List<String> counterIds(String realmId, String userId, String clientKey, String codeId) {
        return keys(realmId, userId, clientKey, codeId).ids();
    }

    /** Which limit refuses the attempt before the code is looked at, or null when none does. */
    private LimitDecision refusal(Map<String, Counter> counters, Keys keys, CodeCap cap, boolean heldByAccountLock, long now) {
        LimitDecision account = FailureStreak.check(counters.get(keys.user()), policy.failuresBeforeDelay(), policy.failuresBeforeLock(), now);
        if (!account.allowed() && heldByAccountLock) {
            return account;
        }
        if (keys.code() != null && counters.get(keys.code()).hits >= cap.attempts()) {
            return LimitDecision.refused(LimitKind.CODE_ATTEMPTS, 1);
        }
        long ipWait = SlidingWindow.retryAfter(counters.get(keys.ip()), policy.failuresPerIpPerHour(), HOUR, now);
        return ipWait > 0 ? LimitDecision.refused(LimitKind.IP_FAILURES, ipWait) : null;
    }

    /** Counts one attempt on the account's streak, the client address and the code. */
    private void count(Map<String, Counter> counters, Keys keys, CodeCap cap, long now) {
        FailureStreak.count(counters.get(keys.user()), policy.failureWindowMinutes() * 60L, now);
        SlidingWindow.hit(counters.get(keys.ip()), HOUR, now);
        if (keys.code() != null) {
            Counter codeCounter = counters.get(keys.code());
            codeCounter.hits++;
            codeCounter.lastHit = now;
            codeCounter.expiresAt = now + cap.lifetimeSeconds() + 60;
            codeCounter.changed();
        }
    }

    /**
     * {@link #count}s one attempt; returns the seconds of the account's lock when this count reached
     * it, else 0 (no lock, or one that held before: an attempt the lock does not stop).
     */
    private long countReachingLock(Map<String, Counter> counters, Keys keys, CodeCap cap, long now) {
        boolean heldBefore = lockedFor(counters.get(keys.user()), now) > 0;
        count(counters, keys, cap, now);
        return heldBefore ? 0 : lockedFor(counters.get(keys.user()), now);
    }

    private Attempt begin(String userId, String clientKey, CodeCap cap, boolean heldByAccountLock) {
        Keys keys = keys(userId, clientKey, cap);
        return store.update(realmId, keys.ids(), counters -> {
            long now = Time.currentTime();
            LimitDecision refusal = refusal(counters, keys, cap, heldByAccountLock, now);
            if (refusal != null) {
                return new Attempt(refusal, counters.get(keys.user()), 0, keys);
            }
            long lockSeconds = countReachingLock(counters, keys, cap, now);
            return new Attempt(LimitDecision.ALLOWED, counters.get(keys.user()), lockSeconds, keys);
        });
    }

    /** Ends the account's failure streak and lock (an admin's unlock); returns whether a lock held. */
    public boolean unlock(String userId) {
        String userKey = userKey(realmId, userId);
        return store.update(realmId, List.of(userKey), counters -> {
            Counter counter = counters.get(userKey);
            boolean locked = FailureStreak.locked(counter, policy.failuresBeforeLock());
            FailureStreak.clear(counter);
            return locked;
        });
    }

    /**
     * The account's second-step lock as a check on counters another update has locked (a send's):
     * refused with the seconds left while it holds. The counters are those of {@link #counterIds}.
     */
    public Function<Map<String, Counter>, LimitDecision> accountLock(String userId) {
        String userKey = userKey(realmId, userId);
        return counters -> {
            long seconds = lockedFor(counters.get(userKey), Time.currentTime());
            return seconds > 0 ? LimitDecision.refused(LimitKind.ACCOUNT_LOCK, seconds) : LimitDecision.ALLOWED;
        };
    }

    /** Seconds left on an account lock, or 0 (for the page shown after a lock). */
    public long lockRemaining(UserModel user) {
        String userKey = userKey(realmId, user.getId());
        // a plain read: creating and locking the row only to show it cost three transactions per sign-in
        return lockedFor(store.read(List.of(userKey)).get(userKey), Time.currentTime());
    }

    /** Seconds left on the lock of an account's failure counter (null: a new one), or 0. */
    private long lockedFor(Counter c, long now) {
        return c != null && FailureStreak.locked(c, policy.failuresBeforeLock()) ? Math.max(1, c.expiresAt - now) : 0L;
    }

    private static String userKey(String realmId, String userId) {
        return CounterKeys.of(realmId, "fail-user", userId);
    }
}

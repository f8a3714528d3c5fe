package io.github.twofold.limit;

import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.store.Counter;
import io.github.twofold.store.CounterStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Send budgets (SMS, and the e-mailed fallback code's own), checked and counted together in one atomic step before a message is sent:
 * per user, number, number block, country, client address (sliding hour or day) and the realm's
 * daily circuit breaker. Young accounts (policy) count against a daily budget of their own
 * instead of the breaker, so a wave of fresh sign-ups cannot switch SMS off for everyone. If the
 * gateway then fails, {@link #refund} gives everything back: a failed send costs the user nothing.
 *
 * <p>The per-user, number, block and address budgets are locked rows, exact across nodes. The
 * budgets every send shares (realm, young accounts, country) are counted on their rows a few sends
 * ahead: the send that finds the node's reserve empty counts itself and up to
 * {@link TwofoldPolicy#smsSharedBudgetReserve()} minus one more, which the next sends on this node
 * take from {@link ReservedSends} without touching the shared row. Never exceeded; what a node
 * reserved and did not use is lost for that window.
 */
public final class SendBudget {

    private static final long HOUR = 3600;
    private static final long DAY = 86400;

    private final CounterStore store;
    private final String realmId;
    private final TwofoldPolicy policy;
    private final ReservedSends reserves;
    private final Set<LimitKind> left;
    /** Whether the sends are phone calls, which also count against the per-user call budget. */
    private final boolean calls;

    public SendBudget(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this(new CounterStore(session), realm.getId(), policy, ReservedSends.NODE);
    }

    /** The budgets of a realm on the given store, with the given node's reserves. */
    public SendBudget(CounterStore store, String realmId, TwofoldPolicy policy, ReservedSends reserves) {
        this(store, realmId, policy, reserves, EnumSet.noneOf(LimitKind.class));
    }

    private SendBudget(CounterStore store, String realmId, TwofoldPolicy policy, ReservedSends reserves, Set<LimitKind> left) {
        this(store, realmId, policy, reserves, left, false);
    }

    private SendBudget(CounterStore store, String realmId, TwofoldPolicy policy, ReservedSends reserves, Set<LimitKind> left, boolean calls) {
        this.store = store;
        this.realmId = realmId;
        this.policy = policy;
        this.reserves = reserves;
        this.left = left;
        this.calls = calls;
    }

    /** The same budgets without the given kinds: for measuring what a budget costs, never for sending. */
    public SendBudget without(LimitKind first, LimitKind... more) {
        return new SendBudget(store, realmId, policy, reserves, EnumSet.of(first, more), calls);
    }

    /** The budgets of a phone call that reads a code out: every SMS budget, and the user's daily call budget. */
    public SendBudget forCalls() {
        return new SendBudget(store, realmId, policy, reserves, left, true);
    }

    private record Budget(LimitKind kind, String id, int limit, long window, boolean shared) {

        /** The daily budgets are fixed UTC days (they reset at midnight), the others slide. */
        boolean fixed() {
            return kind == LimitKind.SMS_PER_REALM || kind == LimitKind.SMS_YOUNG_ACCOUNTS;
        }

        long windowStart(long now) {
            return now - Math.floorMod(now, window);
        }
    }

    /** The budgets that apply to one send, and which of them it took from this node's reserve. */
    public final class Reservation {
        /** The budgets counted on their rows (all but those taken from this node's reserve). */
        private final List<Budget> counted;
        private final Set<Budget> fromReserve;
        private final long at;
        private final LimitDecision decision;

        private Reservation(List<Budget> counted, Set<Budget> fromReserve, long at, LimitDecision decision) {
            this.counted = counted;
            this.fromReserve = fromReserve;
            this.at = at;
            this.decision = decision;
        }

        public LimitDecision decision() {
            return decision;
        }
    }

    /**
     * Checks every budget and, only if all allow it, counts the send in all of them. The counters
     * {@code alsoCreate} (the ones the code will be checked against) are created with the send's
     * new ones where missing, not counted; the send is refused first with what {@code precheck}
     * (may be null) answers from those same locked counters (null where a row is new): e.g. the
     * account's second-step lock, read in the send's own transaction.
     */
    public Reservation reserve(UserModel user, String e164, String clientKey, List<String> alsoCreate,
                               Function<Map<String, Counter>, LimitDecision> precheck) {
        return reserve(user.getId(), young(user), e164, clientKey, alsoCreate, precheck);
    }

    /** A send with no other counters and no precheck, for a user id and whether the account is young. */
    public Reservation reserve(String userId, boolean youngAccount, String e164, String clientKey) {
        return reserve(userId, youngAccount, e164, clientKey, List.of(), null);
    }

    /** {@link #reserve(UserModel, String, String, List, Function)} for a user id and whether the account is young. */
    public Reservation reserve(String userId, boolean youngAccount, String e164, String clientKey, List<String> alsoCreate,
                               Function<Map<String, Counter>, LimitDecision> precheck) {
        String r = realmId;
        List<Budget> budgets = new ArrayList<>();
        if (youngAccount) {
            add(budgets, new Budget(LimitKind.SMS_YOUNG_ACCOUNTS, CounterKeys.of(r, "sms-young", r), policy.smsPerDayYoungAccounts(), DAY, true));
        } else {
            add(budgets, new Budget(LimitKind.SMS_PER_REALM, CounterKeys.of(r, "sms-realm", r), policy.smsPerRealmPerDay(), DAY, true));
        }
        add(budgets, new Budget(LimitKind.SMS_PER_USER, CounterKeys.of(r, "sms-user", userId), policy.smsPerUserPerHour(), HOUR, false));
        add(budgets, new Budget(LimitKind.SMS_PER_NUMBER, CounterKeys.of(r, "sms-number", e164), policy.smsPerNumberPerDay(), DAY, false));
        add(budgets, new Budget(LimitKind.SMS_PER_PREFIX, CounterKeys.of(r, "sms-prefix", e164.substring(0, e164.length() - 3)), policy.smsPerPrefixPerHour(), HOUR, false));
        add(budgets, new Budget(LimitKind.SMS_PER_COUNTRY, CounterKeys.of(r, "sms-country", PhoneNumbers.regionOf(e164)), policy.smsPerCountryPerHour(), HOUR, true));
        add(budgets, new Budget(LimitKind.SMS_PER_IP, CounterKeys.of(r, "sms-ip", clientKey), policy.smsPerIpPerHour(), HOUR, false));
        if (calls) {
            add(budgets, new Budget(LimitKind.VOICE_PER_USER, CounterKeys.of(r, "voice-user", userId), policy.voicePerUserPerDay(), DAY, false));
        }
        return reserve(budgets, alsoCreate, precheck);
    }

    /**
     * The budgets of a code e-mailed to the user (the e-mail fallback): per user and day, per client
     * address and hour. No SMS budget: an e-mail costs nothing per message, but each one is a code
     * someone could be made to receive, so they are counted the same way.
     */
    public Reservation reserveEmail(String userId, String clientKey, List<String> alsoCreate,
                                    Function<Map<String, Counter>, LimitDecision> precheck) {
        String r = realmId;
        List<Budget> budgets = new ArrayList<>();
        add(budgets, new Budget(LimitKind.EMAIL_PER_USER, CounterKeys.of(r, "email-user", userId), policy.emailCodesPerUserPerDay(), DAY, false));
        add(budgets, new Budget(LimitKind.EMAIL_PER_IP, CounterKeys.of(r, "email-ip", clientKey), policy.emailCodesPerIpPerHour(), HOUR, false));
        return reserve(budgets, alsoCreate, precheck);
    }

    private Reservation reserve(List<Budget> budgets, List<String> alsoCreate, Function<Map<String, Counter>, LimitDecision> precheck) {
        String r = realmId;
        long now = Time.currentTime();
        int reserveSize = policy.smsSharedBudgetReserve();
        Set<Budget> fromReserve = new HashSet<>();
        List<Budget> refills = new ArrayList<>();
        Map<Budget, Integer> reserved = new HashMap<>();
        try {
            // shared budgets in one fixed order (realm or young, then country), so two sends never wait for each other's refill
            for (Budget b : budgets) {
                if (b.shared()) {
                    switch (reserves.source(b.id(), b.windowStart(now), b.limit())) {
                        case RESERVE -> fromReserve.add(b);
                        case REFILL -> refills.add(b);
                        case ROW -> { }
                    }
                }
            }
            List<Budget> counted = budgets.stream().filter(b -> !fromReserve.contains(b)).toList();
            LimitDecision decision;
            try {
                // the store locks each id once, however often it is listed
                List<String> ids = new ArrayList<>(counted.stream().map(Budget::id).toList());
                ids.addAll(alsoCreate);
                decision = store.update(r, ids, counters -> {
                    reserved.clear();
                    LimitDecision first = precheck == null ? LimitDecision.ALLOWED : precheck.apply(counters);
                    if (!first.allowed()) {
                        return first;
                    }
                    for (Budget b : counted) {
                        long wait = waitFor(b, counters.get(b.id()), now);
                        if (wait > 0) {
                            return LimitDecision.refused(b.kind(), wait);
                        }
                    }
                    for (Budget b : counted) {
                        Counter c = counters.get(b.id());
                        hit(b, c, now);
                        if (b.shared()) {
                            int extra = ReservedSends.toReserve(reserveSize, leftAfter(b, c, now));
                            c.hits += extra;
                            reserved.put(b, extra);
                        }
                    }
                    return LimitDecision.ALLOWED;
                });
            } catch (RuntimeException e) {
                giveBack(fromReserve, now, now);
                throw e;
            }
            if (decision.allowed()) {
                reserved.forEach((b, units) -> reserves.add(b.id(), b.windowStart(now), b.limit(), units));
            } else {
                giveBack(fromReserve, now, now);
            }
            return new Reservation(counted, fromReserve, now, decision);
        } finally {
            refills.forEach(b -> reserves.refilled(b.id()));
        }
    }

    /** Returns sends taken at {@code at} to this node's reserve; those of a window that has ended are simply dropped. */
    private void giveBack(Set<Budget> fromReserve, long at, long now) {
        fromReserve.stream().filter(b -> b.windowStart(now) == b.windowStart(at))
                .forEach(b -> reserves.add(b.id(), b.windowStart(now), b.limit(), 1));
    }

    private void add(List<Budget> budgets, Budget budget) {
        if (!left.contains(budget.kind())) {
            budgets.add(budget);
        }
    }

    /** Sends the budget has left once this one is counted. */
    private static int leftAfter(Budget b, Counter c, long now) {
        double used = b.fixed() ? c.hits : SlidingWindow.estimate(c, now, b.window());
        return (int) Math.max(0, Math.floor(b.limit() - used));
    }

    /** Created less than the policy's hours ago (an account without a creation time is not young). */
    private boolean young(UserModel user) {
        Long created = user.getCreatedTimestamp();
        return policy.youngAccountHours() > 0 && created != null
                && Time.currentTimeMillis() - created < policy.youngAccountHours() * 3_600_000L;
    }

    /**
     * Gives a reserved send back (the gateway did not deliver it): to this node's reserve where it
     * came from there, to the rows where it was counted on them.
     */
    public void refund(Reservation reservation) {
        if (!reservation.decision.allowed()) {
            return;
        }
        long now = Time.currentTime();
        giveBack(reservation.fromReserve, reservation.at, now);
        List<Budget> counted = reservation.counted;
        if (counted.isEmpty()) {
            return;
        }
        store.update(realmId, counted.stream().map(Budget::id).toList(), counters -> {
            for (Budget b : counted) {
                undo(b, counters.get(b.id()), now);
            }
            return null;
        });
    }

    private static long waitFor(Budget b, Counter c, long now) {
        if (b.fixed()) {
            return FixedWindow.retryAfter(c, b.limit(), b.window(), now);
        }
        return SlidingWindow.retryAfter(c, b.limit(), b.window(), now);
    }

    private static void hit(Budget b, Counter c, long now) {
        if (b.fixed()) {
            FixedWindow.tryHit(c, b.limit(), b.window(), now);
        } else {
            SlidingWindow.hit(c, b.window(), now);
        }
    }

    private static void undo(Budget b, Counter c, long now) {
        if (b.fixed()) {
            FixedWindow.undo(c, b.window(), now);
        } else {
            SlidingWindow.undo(c, b.window(), now);
        }
    }
}

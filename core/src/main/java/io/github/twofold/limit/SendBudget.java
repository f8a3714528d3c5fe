package io.github.twofold.limit;

import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.store.Counter;
import io.github.twofold.store.CounterStore;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * SMS send budgets, checked and counted together in one atomic step before a message is sent:
 * per user, number, number block, country, client address (sliding hour or day) and the realm's
 * daily circuit breaker. Young accounts (policy) count against a daily budget of their own
 * instead of the breaker, so a wave of fresh sign-ups cannot switch SMS off for everyone. If the
 * gateway then fails, {@link #refund} gives everything back: a failed send costs the user nothing.
 */
public final class SendBudget {

    private static final long HOUR = 3600;
    private static final long DAY = 86400;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;

    public SendBudget(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    private record Budget(LimitKind kind, String id, int limit, long window) {
    }

    /** The budgets that apply to one send. */
    public final class Reservation {
        private final List<Budget> budgets;
        private final LimitDecision decision;

        private Reservation(List<Budget> budgets, LimitDecision decision) {
            this.budgets = budgets;
            this.decision = decision;
        }

        public LimitDecision decision() {
            return decision;
        }
    }

    /** Checks every budget and, only if all allow it, counts the send in all of them. */
    public Reservation reserve(UserModel user, String e164, String clientKey) {
        String r = realm.getId();
        List<Budget> budgets = new ArrayList<>();
        budgets.add(young(user)
                ? new Budget(LimitKind.SMS_YOUNG_ACCOUNTS, CounterKeys.of(r, "sms-young", r), policy.smsPerDayYoungAccounts(), DAY)
                : new Budget(LimitKind.SMS_PER_REALM, CounterKeys.of(r, "sms-realm", r), policy.smsPerRealmPerDay(), DAY));
        budgets.add(new Budget(LimitKind.SMS_PER_USER, CounterKeys.of(r, "sms-user", user.getId()), policy.smsPerUserPerHour(), HOUR));
        budgets.add(new Budget(LimitKind.SMS_PER_NUMBER, CounterKeys.of(r, "sms-number", e164), policy.smsPerNumberPerDay(), DAY));
        budgets.add(new Budget(LimitKind.SMS_PER_PREFIX, CounterKeys.of(r, "sms-prefix", e164.substring(0, e164.length() - 3)), policy.smsPerPrefixPerHour(), HOUR));
        budgets.add(new Budget(LimitKind.SMS_PER_COUNTRY, CounterKeys.of(r, "sms-country", PhoneNumbers.regionOf(e164)), policy.smsPerCountryPerHour(), HOUR));
        budgets.add(new Budget(LimitKind.SMS_PER_IP, CounterKeys.of(r, "sms-ip", clientKey), policy.smsPerIpPerHour(), HOUR));

        LimitDecision decision = new CounterStore(session).update(r, budgets.stream().map(Budget::id).toList(), counters -> {
            long now = Time.currentTime();
            for (Budget b : budgets) {
                long wait = waitFor(b, counters.get(b.id()), now);
                if (wait > 0) {
                    return LimitDecision.refused(b.kind(), wait);
                }
            }
            for (Budget b : budgets) {
                hit(b, counters.get(b.id()), now);
            }
            return LimitDecision.ALLOWED;
        });
        return new Reservation(budgets, decision);
    }

    /** Created less than the policy's hours ago (an account without a creation time is not young). */
    private boolean young(UserModel user) {
        Long created = user.getCreatedTimestamp();
        return policy.youngAccountHours() > 0 && created != null
                && Time.currentTimeMillis() - created < policy.youngAccountHours() * 3_600_000L;
    }

    /** The daily budgets are fixed UTC days (they reset at midnight), the others slide. */
    private static boolean fixed(Budget b) {
        return b.kind() == LimitKind.SMS_PER_REALM || b.kind() == LimitKind.SMS_YOUNG_ACCOUNTS;
    }

    /** Gives a reserved send back (the gateway did not deliver it). */
    public void refund(Reservation reservation) {
        if (!reservation.decision.allowed()) {
            return;
        }
        new CounterStore(session).update(realm.getId(), reservation.budgets.stream().map(Budget::id).toList(), counters -> {
            long now = Time.currentTime();
            for (Budget b : reservation.budgets) {
                undo(b, counters.get(b.id()), now);
            }
            return null;
        });
    }

    private static long waitFor(Budget b, Counter c, long now) {
        if (fixed(b)) {
            return FixedWindow.retryAfter(c, b.limit(), b.window(), now);
        }
        return SlidingWindow.retryAfter(c, b.limit(), b.window(), now);
    }

    private static void hit(Budget b, Counter c, long now) {
        if (fixed(b)) {
            FixedWindow.tryHit(c, b.limit(), b.window(), now);
        } else {
            SlidingWindow.hit(c, b.window(), now);
        }
    }

    private static void undo(Budget b, Counter c, long now) {
        if (fixed(b)) {
            FixedWindow.undo(c, b.window(), now);
        } else {
            SlidingWindow.undo(c, b.window(), now);
        }
    }
}

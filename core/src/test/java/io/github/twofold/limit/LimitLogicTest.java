package io.github.twofold.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.store.Counter;
import org.junit.jupiter.api.Test;

class LimitLogicTest {

    private static final long HOUR = 3600;

    @Test
    void slidingWindowAllowsTheBudgetThenRefusesAndRecoversGradually() {
        Counter c = Counter.blank("k");
        long t0 = 10 * HOUR;
        for (int i = 0; i < 5; i++) {
            assertThat(SlidingWindow.tryHit(c, 5, HOUR, t0 + i)).isZero();
        }
        long wait = SlidingWindow.tryHit(c, 5, HOUR, t0 + 10);
        assertThat(wait).isPositive();
        assertThat(c.hits).as("a refused request is not counted").isEqualTo(5);
        // Next window: the previous hour's 5 hits weigh less and less.
        assertThat(SlidingWindow.retryAfter(c, 5, HOUR, t0 + HOUR + 1)).isPositive();
        assertThat(SlidingWindow.retryAfter(c, 5, HOUR, t0 + HOUR + HOUR / 4)).isZero();
        assertThat(SlidingWindow.retryAfter(c, 5, HOUR, t0 + 3 * HOUR)).isZero();
    }

    @Test
    void slidingWindowRetryAfterPointsAtTheFirstMomentThatFits() {
        Counter c = Counter.blank("k");
        long t0 = 100 * HOUR;
        for (int i = 0; i < 3; i++) {
            SlidingWindow.hit(c, HOUR, t0);
        }
        long wait = SlidingWindow.retryAfter(c, 3, HOUR, t0);
        assertThat(SlidingWindow.retryAfter(c, 3, HOUR, t0 + wait)).isZero();
        assertThat(SlidingWindow.retryAfter(c, 3, HOUR, t0 + wait - 30)).isPositive();
    }

    @Test
    void undoGivesAHitBack() {
        Counter c = Counter.blank("k");
        SlidingWindow.hit(c, HOUR, 1000);
        SlidingWindow.undo(c, HOUR, 1001);
        assertThat(c.hits).isZero();
        SlidingWindow.undo(c, HOUR, 1002);
        assertThat(c.hits).isZero();
    }

    @Test
    void fixedWindowResetsAtTheBoundary() {
        Counter c = Counter.blank("k");
        long day = 86400;
        long t = 5 * day + 100;
        assertThat(FixedWindow.tryHit(c, 2, day, t)).isZero();
        assertThat(FixedWindow.tryHit(c, 2, day, t + 1)).isZero();
        assertThat(FixedWindow.tryHit(c, 2, day, t + 2)).isEqualTo(day - 102);
        assertThat(FixedWindow.tryHit(c, 2, day, 6 * day)).isZero();
    }

    @Test
    void failureStreakDelaysThenLocks() {
        Counter c = Counter.blank("k");
        long now = 1_000_000;
        int free = 3;
        int lockAt = 6;
        for (int i = 0; i < 3; i++) {
            assertThat(FailureStreak.check(c, free, lockAt, now).allowed()).isTrue();
            FailureStreak.count(c, 86400, now);
        }
        LimitDecision delayed = FailureStreak.check(c, free, lockAt, now + 1);
        assertThat(delayed.kind()).isEqualTo(LimitKind.ACCOUNT_DELAY);
        assertThat(delayed.retryAfterSeconds()).isEqualTo(4);
        assertThat(FailureStreak.check(c, free, lockAt, now + 5).allowed()).isTrue();
        FailureStreak.count(c, 86400, now + 5);
        assertThat(FailureStreak.check(c, free, lockAt, now + 14).kind()).as("10 s after the 4th").isEqualTo(LimitKind.ACCOUNT_DELAY);
        FailureStreak.count(c, 86400, now + 15);
        FailureStreak.count(c, 86400, now + 40);
        LimitDecision locked = FailureStreak.check(c, free, lockAt, now + 10_000);
        assertThat(locked.kind()).isEqualTo(LimitKind.ACCOUNT_LOCK);
        assertThat(locked.retryAfterSeconds()).isEqualTo(86400 - 10_000);
        FailureStreak.clear(c);
        assertThat(FailureStreak.check(c, free, lockAt, now + 10_001).allowed()).isTrue();
    }

    @Test
    void delaysDoubleUpToFifteenMinutes() {
        assertThat(FailureStreak.delayAfter(2, 3)).isZero();
        assertThat(FailureStreak.delayAfter(3, 3)).isEqualTo(5);
        assertThat(FailureStreak.delayAfter(4, 3)).isEqualTo(10);
        assertThat(FailureStreak.delayAfter(10, 3)).isEqualTo(640);
        assertThat(FailureStreak.delayAfter(11, 3)).isEqualTo(900);
        assertThat(FailureStreak.delayAfter(99, 3)).isEqualTo(900);
    }

    @Test
    void messagesSaySecondsUnderTwoMinutesMinutesUnderTwoHoursAndHoursAbove() {
        LimitDecision soon = LimitDecision.refused(LimitKind.ACCOUNT_DELAY, 45);
        assertThat(soon.messageKey()).isEqualTo("twofoldTooManyAttemptsWaitSeconds");
        assertThat(soon.messageParameter()).isEqualTo(45L);
        LimitDecision later = LimitDecision.refused(LimitKind.SMS_PER_USER, 600);
        assertThat(later.messageKey()).isEqualTo("twofoldSmsBudget");
        assertThat(later.messageParameter()).isEqualTo(10L);
        assertThat(LimitDecision.refused(LimitKind.ACCOUNT_LOCK, 30).messageKey()).isEqualTo("twofoldSecondFactorLockedSeconds");
        LimitDecision lockedForADay = LimitDecision.refused(LimitKind.ACCOUNT_LOCK, 86_400);
        assertThat(lockedForADay.messageKey()).isEqualTo("twofoldSecondFactorLockedHours");
        assertThat(lockedForADay.messageParameter()).isEqualTo(24L);
        assertThat(LimitDecision.refused(LimitKind.SMS_PER_NUMBER, 7_201).messageParameter()).as("rounded up").isEqualTo(3L);
        assertThat(LimitDecision.refused(LimitKind.SMS_PER_REALM, 7_201).messageKey()).as("no time in it").isEqualTo("twofoldSmsSuspended");
    }

    @Test
    void counterKeysNeverCarryTheSubject() {
        String key = CounterKeys.of("realm-id", "sms-number", "+4915123456789");
        assertThat(key).startsWith("twofold:realm-id:sms-number:").doesNotContain("4915123456789").hasSizeLessThan(100);
        assertThat(CounterKeys.of("realm-id", "sms-number", "+4915123456789")).isEqualTo(key);
        assertThat(CounterKeys.of("realm-id", "sms-user", "+4915123456789")).isNotEqualTo(key);
    }

    @Test
    void aNodesReserveIsUsedOnlyInItsWindowAndUnderItsLimit() {
        ReservedSends node = new ReservedSends();
        assertThat(node.take("b", 0, 100)).as("nothing reserved yet").isFalse();
        node.add("b", 0, 100, 2);
        assertThat(node.take("b", 0, 100)).isTrue();
        assertThat(node.take("b", HOUR, 100)).as("the next window drops what is left").isFalse();
        assertThat(node.take("b", 0, 100)).as("dropped, not kept for later").isFalse();
        node.add("b", 0, 100, 3);
        assertThat(node.take("b", 0, 50)).as("an admin changed the limit").isFalse();
        assertThat(node.held("b", 0, 100)).isZero();
        node.add("b", HOUR, 100, 1);
        node.add("b", 0, 100, 5);
        assertThat(node.held("b", HOUR, 100)).as("a give-back into an ended window does not replace the current reserve").isEqualTo(1);
    }

    @Test
    void aNodeReservesAtMostAnEighthOfWhatIsLeft() {
        assertThat(ReservedSends.toReserve(20, 10_000)).isEqualTo(19);
        assertThat(ReservedSends.toReserve(20, 80)).isEqualTo(10);
        assertThat(ReservedSends.toReserve(20, 7)).as("near the end: every send on the row").isZero();
        assertThat(ReservedSends.toReserve(1, 10_000)).as("reserve 1: none").isZero();
    }

    @Test
    void anUncountedAttemptLeavesTheStreakAsItWas() {
        Counter c = Counter.blank("fail-user");
        FailureStreak.count(c, 86400, 1000);
        FailureStreak.count(c, 86400, 1010);
        FailureStreak.uncount(c, 1000);
        assertThat(c.hits).isEqualTo(1);
        assertThat(c.windowStart).as("the window still starts at the first failure").isEqualTo(1000);
        FailureStreak.uncount(c, 1000);
        assertThat(c.hits).isZero();
        assertThat(c.expiresAt).as("no streak left: the next failure starts a new window").isZero();
        FailureStreak.uncount(c, 1000);
        assertThat(c.hits).as("never below zero").isZero();
    }

    @Test
    void aTakeBackLeavesAStreakThatStartedAfterItsOwnEnded() {
        Counter c = Counter.blank("fail-user");
        FailureStreak.count(c, 86400, 1000); // counted, then the gateway could not check it
        FailureStreak.clear(c); // meanwhile a right code ended that streak
        FailureStreak.count(c, 86400, 1005);
        FailureStreak.uncount(c, 1000);
        assertThat(c.hits).as("the new streak's failure stays").isEqualTo(1);
    }

    @Test
    void aSuccessForgivesTheFailuresOfItsStreakButNotThoseCountedAfterIt() {
        Counter c = Counter.blank("fail-user");
        FailureStreak.count(c, 86400, 1000);
        FailureStreak.count(c, 86400, 1001); // the right code, counted second
        int seen = c.hits;
        long start = c.windowStart;
        FailureStreak.count(c, 86400, 1002); // a wrong code counted while the right one was checked
        FailureStreak.forgive(c, seen, start, 5);
        assertThat(c.hits).as("the wrong code counted after the right one stays").isEqualTo(1);
        assertThat(c.windowStart).isEqualTo(1000);

        FailureStreak.forgive(c, 1, start, 5);
        assertThat(c.hits).isZero();
        assertThat(c.expiresAt).as("nothing left: the next failure starts a new window").isZero();
    }

    @Test
    void aSuccessLeavesALockAndAStreakThatStartedAgain() {
        Counter locked = Counter.blank("fail-user");
        for (int i = 0; i < 5; i++) {
            FailureStreak.count(locked, 86400, 1000 + i);
        }
        FailureStreak.forgive(locked, 1, 1000, 5);
        assertThat(FailureStreak.locked(locked, 5)).as("a lock reached meanwhile holds").isTrue();

        Counter restarted = Counter.blank("fail-user");
        FailureStreak.count(restarted, 86400, 2000);
        FailureStreak.count(restarted, 86400, 2001);
        FailureStreak.forgive(restarted, 2, 1000, 5);
        assertThat(restarted.hits).as("the streak the success saw was cleared already: the new one stays").isEqualTo(2);
    }
}

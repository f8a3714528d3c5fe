package io.github.twofold.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.store.CounterStore;
import io.github.twofold.store.H2Counters;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

/**
 * The guard around a secret too long to guess (a trusted browser's cookie), on H2: honouring a
 * right one writes nothing, a refused one is counted like a wrong code, and the account's lock
 * still holds against it.
 */
class VerificationGuardTest {

    private static final String REALM = UUID.randomUUID().toString();
    private static final String ADDRESS = "203.0.113.7";

    private static H2Counters database;
    private VerificationGuard guard;
    private String user;

    @BeforeAll
    static void open() {
        database = H2Counters.open("guard");
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void guard() {
        MultivaluedHashMap<String, String> settings = new MultivaluedHashMap<>();
        settings.putSingle(PolicySchema.FAILURES_BEFORE_DELAY, "3");
        settings.putSingle(PolicySchema.FAILURES_BEFORE_LOCK, "3");
        TwofoldPolicy policy = TwofoldPolicy.read(settings);
        assertThat(policy.failuresBeforeLock()).isEqualTo(3);
        guard = new VerificationGuard(new CounterStore(database.transactions()), REALM, policy);
        user = UUID.randomUUID().toString();
    }

    private VerificationGuard.Verification<Boolean> present(boolean right) {
        return guard.verifyUnguessable(user, ADDRESS, () -> right, ok -> ok);
    }

    @Test
    void aRightSecretIsOnePlainReadAndWritesNoCounter() {
        long rowsBefore = database.rows("twofold:" + REALM);
        database.transactionsSinceLastAsked();

        VerificationGuard.Verification<Boolean> verification = present(true);

        assertThat(verification.accepted()).isTrue();
        assertThat(database.transactionsSinceLastAsked()).as("transactions").isEqualTo(1);
        assertThat(database.rows("twofold:" + REALM)).as("counter rows").isEqualTo(rowsBefore);
    }

    @Test
    void refusedSecretsAreCountedAndLockTheAccountsSecondStepAgainstARightOne() {
        assertThat(present(false).locked()).isFalse();
        assertThat(present(false).locked()).isFalse();
        VerificationGuard.Verification<Boolean> third = present(false);
        assertThat(third.accepted()).isFalse();
        assertThat(third.locked()).as("the third refusal locks").isTrue();

        VerificationGuard.Verification<Boolean> right = present(true);
        assertThat(right.refused()).as("a right secret while the lock holds").isTrue();
        assertThat(right.refusal().kind()).isEqualTo(LimitKind.ACCOUNT_LOCK);
    }

    @Test
    void aRightSecretEndsAFailureStreakBelowTheLock() {
        present(false);
        present(false);
        assertThat(present(true).accepted()).isTrue();

        // the streak starts again: two more refusals do not lock, a third does
        assertThat(present(false).locked()).isFalse();
        assertThat(present(false).locked()).isFalse();
        assertThat(present(false).locked()).isTrue();
    }

    /** A code typed while {@code meanwhile} runs between its count and its check (other requests in parallel). */
    private VerificationGuard.Verification<Boolean> typed(boolean right, Runnable meanwhile) {
        return guard.verify(user, ADDRESS, Optional.empty(), () -> {
            meanwhile.run();
            return right;
        }, ok -> ok);
    }

    private VerificationGuard.Verification<Boolean> typed(boolean right) {
        return typed(right, () -> { });
    }

    /** A code the account's lock does not stop (an emergency code an admin issued). */
    private VerificationGuard.Verification<Boolean> typedPastTheLock(boolean right) {
        return guard.verify(user, ADDRESS, Optional.empty(), () -> right, ok -> ok, false);
    }

    @Test
    void aCodeCountedWhileTheLockHoldsIsWrongButLocksNothingAgain() {
        typed(false);
        typed(false);
        assertThat(typed(false).locked()).as("the count that reaches the lock").isTrue();

        VerificationGuard.Verification<Boolean> wrong = typedPastTheLock(false);
        assertThat(wrong.refused()).as("the lock does not stop it").isFalse();
        assertThat(wrong.accepted()).isFalse();
        assertThat(wrong.locked()).as("the lock held before it: reported once, by the count that reached it").isFalse();
        assertThat(typed(true).refused()).as("the lock still holds").isTrue();
    }

    @Test
    void aRightCodeTheLockDoesNotStopEndsTheLock() {
        for (int i = 0; i < 3; i++) {
            typed(false);
        }
        assertThat(typed(true).refused()).as("locked").isTrue();

        assertThat(typedPastTheLock(true).accepted()).isTrue();
        // as an admin's unlock: the next code (of the factor the person sets up next) is looked at
        assertThat(typed(true).accepted()).as("the lock ended").isTrue();
        assertThat(typed(false).locked()).isFalse();
        assertThat(typed(false).locked()).isFalse();
        assertThat(typed(false).locked()).as("a new streak locks at three again").isTrue();
    }

    @Test
    void aSecretRefusedAfterOthersReachedTheLockDoesNotReportItAgain() {
        present(false);
        VerificationGuard.Verification<Boolean> late = guard.verifyUnguessable(user, ADDRESS, () -> {
            present(false);
            assertThat(present(false).locked()).as("counted after the late one's read: reaches the lock").isTrue();
            return false;
        }, ok -> ok);
        assertThat(late.accepted()).isFalse();
        assertThat(late.locked()).as("counted after the lock was reached").isFalse();
    }

    @Test
    void aRightCodeKeepsTheWrongCodesCountedWhileItWasChecked() {
        VerificationGuard.Verification<Boolean> right = typed(true, () -> typed(false));
        assertThat(right.accepted()).isTrue();

        // the wrong code counted while the right one was checked stays: two more lock (at three)
        assertThat(typed(false).locked()).isFalse();
        VerificationGuard.Verification<Boolean> third = typed(false);
        assertThat(third.locked()).as("the third failure counted after the right code's own locks").isTrue();
        assertThat(third.lockedForSeconds()).as("the lock's seconds, from the count that locked").isGreaterThan(3600);
        assertThat(typed(true).refusal().retryAfterSeconds()).as("the lock refuses a right code").isGreaterThan(3600);
    }

    @Test
    void aLockReachedWhileARightCodeWasCheckedHolds() {
        VerificationGuard.Verification<Boolean> right = typed(true, () -> {
            for (int i = 0; i < 3; i++) {
                typed(false);
            }
        });
        assertThat(right.accepted()).as("the right code itself was counted before the lock").isTrue();
        VerificationGuard.Verification<Boolean> next = typed(true);
        assertThat(next.refused()).as("the lock reached meanwhile holds for the next sign-in").isTrue();
        assertThat(next.refusal().kind()).isEqualTo(LimitKind.ACCOUNT_LOCK);
    }

    @Test
    void aTrustedSecretKeepsTheFailuresCountedAfterItsRead() {
        present(false);
        VerificationGuard.Verification<Boolean> right = guard.verifyUnguessable(user, ADDRESS, () -> {
            present(false); // counted after the right secret's read
            return true;
        }, ok -> ok);
        assertThat(right.accepted()).isTrue();
        assertThat(present(false).locked()).isFalse();
        assertThat(present(false).locked()).as("one kept plus two more: the third locks").isTrue();
    }
}

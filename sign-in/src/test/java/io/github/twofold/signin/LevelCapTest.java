package io.github.twofold.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the checks after a sign-in take away and what they count as a new factor. */
class LevelCapTest {

    @Test
    void theLevelMapLosesTheCappedLevelAndAboveOnly() {
        assertThat(LevelCap.below("{\"1\":1700000000,\"2\":1700000005,\"3\":1700000009}", 2)).isEqualTo("{\"1\":1700000000}");
        assertThat(LevelCap.below("{\"1\":1700000000}", 2)).isEqualTo("{\"1\":1700000000}");
        assertThat(LevelCap.below(null, 2)).isNull();
        assertThat(LevelCap.below("not json", 2)).as("an unreadable map grants nothing").isEqualTo("{}");
    }

    @Test
    void onlyAFirstFactorOrAnEmergencySetUpStandsInForAVerifiedOne() {
        SignInState first = new SignInState(Set.of(), Set.of("new"), false, false);
        assertThat(first.enrolledNew()).isTrue();
        assertThat(first.enrollsNewFactor()).isTrue();
        assertThat(new SignInState(Set.of(), Set.of(), false, true).enrollsNewFactor()).as("set-up still to come").isTrue();
        SignInState another = new SignInState(Set.of("old"), Set.of("old", "new"), false, false);
        assertThat(another.enrolledNew()).isTrue();
        assertThat(another.enrollsNewFactor()).as("a user who had a factor must verify it").isFalse();
        assertThat(new SignInState(Set.of("old"), Set.of("old", "new"), true, false).enrollsNewFactor()).as("emergency access").isTrue();
        assertThat(new SignInState(Set.of(), Set.of(), false, false).enrollsNewFactor()).as("postponed").isFalse();
    }
}

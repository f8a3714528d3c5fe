package io.github.twofold.it.harness;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The main server's clock moves only for a test marked {@link MovesClock} (it is every running test's). */
class TestClockTest {

    @Test
    void theSharedClockRefusesToMoveForATestWithoutTheMark() {
        // nothing listens on port 9: the guard answers before any request
        TestClock shared = new TestClock("http://127.0.0.1:9", true);
        assertThatThrownBy(() -> shared.advance(Duration.ofMinutes(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("@MovesClock");
    }

    @Test
    void anotherServersClockMovesWithoutTheMark() {
        TestClock own = new TestClock("http://127.0.0.1:9", false);
        assertThatThrownBy(() -> own.advance(Duration.ofMinutes(5)))
                .as("it goes to the server (here: nothing listens)")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot move the test server's clock");
    }
}

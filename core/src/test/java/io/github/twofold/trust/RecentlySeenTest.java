package io.github.twofold.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which browsers count as new for a user, and how many the user attribute keeps. */
class KnownBrowsersTest {

    @Test
    void aKnownBrowserIsNotNewAndChangesNothing() {
        KnownBrowsers.Remembered r = KnownBrowsers.remember(List.of("x", "y"), "y");
        assertThat(r.isNew()).isFalse();
        assertThat(r.changed()).isFalse();
    }

    @Test
    void theFirstBrowserOfAUserIsRememberedQuietlyAndAnotherOneIsNew() {
        KnownBrowsers.Remembered first = KnownBrowsers.remember(List.of(), "x");
        assertThat(first.isNew()).as("the first browser").isFalse();
        assertThat(first.kept()).containsExactly("x");
        KnownBrowsers.Remembered second = KnownBrowsers.remember(first.kept(), "y");
        assertThat(second.isNew()).as("a second browser").isTrue();
        assertThat(second.kept()).containsExactly("x", "y");
    }

    @Test
    void theAttributeKeepsTheMostRecentTwentyBrowsers() {
        List<String> twenty = IntStream.range(0, KnownBrowsers.REMEMBERED).mapToObj(i -> "hash-" + i).toList();
        KnownBrowsers.Remembered r = KnownBrowsers.remember(twenty, "new");
        assertThat(r.kept()).hasSize(KnownBrowsers.REMEMBERED).doesNotContain("hash-0").contains("hash-1").last().isEqualTo("new");
        assertThat(r.isNew()).isTrue();
    }

    @Test
    void aBrowserIdIsStoredOnlyAsAHash() {
        String id = "a".repeat(43);
        assertThat(KnownBrowsers.hash(id)).hasSize(32).doesNotContain(id).isEqualTo(KnownBrowsers.hash(id));
    }
}

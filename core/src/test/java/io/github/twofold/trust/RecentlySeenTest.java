package io.github.twofold.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which browsers and networks count as new for a user, and how many the user attribute keeps. */
class RecentlySeenTest {

    @Test
    void aKnownBrowserIsNotNewAndChangesNothing() {
        RecentlySeen.Remembered r = RecentlySeen.remember(List.of("x", "y"), "y", KnownBrowsers.REMEMBERED);
        assertThat(r.isNew()).isFalse();
        assertThat(r.changed()).isFalse();
    }

    @Test
    void theFirstBrowserOfAUserIsRememberedQuietlyAndAnotherOneIsNew() {
        RecentlySeen.Remembered first = RecentlySeen.remember(List.of(), "x", KnownBrowsers.REMEMBERED);
        assertThat(first.isNew()).as("the first browser").isFalse();
        assertThat(first.kept()).containsExactly("x");
        RecentlySeen.Remembered second = RecentlySeen.remember(first.kept(), "y", KnownBrowsers.REMEMBERED);
        assertThat(second.isNew()).as("a second browser").isTrue();
        assertThat(second.kept()).containsExactly("x", "y");
    }

    @Test
    void theAttributeKeepsTheMostRecentTwentyBrowsers() {
        List<String> twenty = IntStream.range(0, KnownBrowsers.REMEMBERED).mapToObj(i -> "hash-" + i).toList();
        RecentlySeen.Remembered r = RecentlySeen.remember(twenty, "new", KnownBrowsers.REMEMBERED);
        assertThat(r.kept()).hasSize(KnownBrowsers.REMEMBERED).doesNotContain("hash-0").contains("hash-1").last().isEqualTo("new");
        assertThat(r.isNew()).isTrue();
    }

    @Test
    void aBrowserIdIsStoredOnlyAsAHash() {
        String id = "a".repeat(43);
        assertThat(RecentlySeen.hash(id)).hasSize(32).doesNotContain(id).isEqualTo(RecentlySeen.hash(id));
    }
}

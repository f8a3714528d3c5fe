package io.github.twofold.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a trusted browser's record keeps of its last use. */
class TrustedBrowserCredentialModelTest {

    private static final long TRUSTED = 1_764_979_200L; // 2025-12-06T00:00:00Z

    @Test
    void aSignInOnAnotherDayIsRecordedAndOneOnTheSameDayChangesNothing() {
        TrustedBrowserCredentialModel record = TrustedBrowserCredentialModel.create("Firefox (Linux)", "hash", TRUSTED + 3600,
                TRUSTED + 30 * 86400L, "fingerprint");
        assertThat(record.getUserLabel()).isEqualTo("Firefox (Linux) \u00b7 2025-12-06");
        String stored = record.getCredentialData();

        assertThat(record.used(TRUSTED + 23 * 3600)).as("later the same day").isFalse();
        assertThat(record.lastUsedAt()).isEqualTo(TRUSTED + 3600);
        assertThat(record.getCredentialData()).isEqualTo(stored);

        assertThat(record.used(TRUSTED + 86400 + 60)).as("the next day").isTrue();
        assertThat(record.lastUsedAt()).isEqualTo(TRUSTED + 86400 + 60);
        assertThat(record.getUserLabel()).isEqualTo("Firefox (Linux) \u00b7 2025-12-07");
        assertThat(record.getCredentialData()).isNotEqualTo(stored);
    }
}

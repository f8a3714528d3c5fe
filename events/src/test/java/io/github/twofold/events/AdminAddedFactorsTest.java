package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.AdminEvent;

/** Which stored credentials an admin API request made: those dated within moments before its event. */
class AdminAddedFactorsTest {

    private static final long EVENT_TIME = 1_800_000_000_000L;

    private static boolean storedBy(Long created) {
        AdminEvent event = new AdminEvent();
        event.setTime(EVENT_TIME);
        CredentialModel credential = new CredentialModel();
        credential.setType("otp");
        credential.setCreatedDate(created);
        return AdminAddedFactors.storedBy(event, credential);
    }

    @Test
    void aCredentialStoredByTheRequestCounts() {
        assertThat(storedBy(EVENT_TIME - 40)).isTrue();
        assertThat(storedBy(EVENT_TIME - AdminAddedFactors.WITHIN_MILLIS)).isTrue();
    }

    @Test
    void aCredentialTheUserHeldBeforeDoesNot() {
        assertThat(storedBy(EVENT_TIME - AdminAddedFactors.WITHIN_MILLIS - 1)).isFalse();
        assertThat(storedBy(EVENT_TIME - 86_400_000L)).isFalse();
    }

    @Test
    void aDateAheadOfTheEventOrNoneIsNotBelieved() {
        assertThat(storedBy(EVENT_TIME + 86_400_000L)).isTrue();
        assertThat(storedBy(null)).isTrue();
    }
}

package io.github.twofold.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.keycloak.common.util.Time;

/**
 * The day the policy's dates (the grace period's last day, the last day of SMS enrollment) are
 * compared with: the UTC day of Keycloak's clock, the one every other rule reads.
 */
public final class PolicyClock {

    private PolicyClock() {
    }

    public static LocalDate today() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(Time.currentTimeMillis()), ZoneOffset.UTC);
    }
}

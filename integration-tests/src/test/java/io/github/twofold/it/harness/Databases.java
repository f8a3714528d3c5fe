package io.github.twofold.it.harness;

import org.junit.jupiter.api.Assumptions;

/** Tests that need a database server of this machine skip, saying why, where it is missing. */
public final class Databases {

    private Databases() {
    }

    /** @param unavailableReason why the database cannot be used, or null when it can */
    public static void assumeAvailable(String unavailableReason, String test) {
        if (unavailableReason != null) {
            System.out.println("[twofold-it] SKIPPED " + test + ": " + unavailableReason);
        }
        Assumptions.assumeTrue(unavailableReason == null, unavailableReason);
    }
}

package io.github.twofold.it.benchmark;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The accounts of one flow, each used for ONE login: every flow meets the same cold caches (a
 * user Keycloak has not loaded yet), as the first login of the day does in a large realm, and no
 * flow gains from codes or TOTP steps running down.
 */
final class UserPool {

    private final ConcurrentLinkedQueue<BenchUser> unused;

    UserPool(List<BenchUser> users) {
        this.unused = new ConcurrentLinkedQueue<>(users);
    }

    /** The next account, or null when all are used (the run was sized too small; reported). */
    BenchUser next() {
        return unused.poll();
    }

    boolean ranOut() {
        return unused.isEmpty();
    }
}

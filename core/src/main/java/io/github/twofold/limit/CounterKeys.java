package io.github.twofold.limit;

import io.github.twofold.code.SecretHash;

/**
 * Counter ids: {@code twofold:<realm id>:<kind>:<subject>}. Subjects that come from people
 * (numbers, addresses) are hashed, so no key is built from raw input and no number sits in the
 * database in clear.
 */
public final class CounterKeys {

    private CounterKeys() {
    }

    public static String of(String realmId, String kind, String subject) {
        return "twofold:" + realmId + ":" + kind + ":" + SecretHash.digest(kind + "|" + subject);
    }
}

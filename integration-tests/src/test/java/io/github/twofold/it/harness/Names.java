package io.github.twofold.it.harness;

import java.security.SecureRandom;

/**
 * Unique names for users, realms and clients. The random part is lower-case letters only: a
 * name holding six hex digits that happen to be all digits once matched an SMS code in the log
 * scan ({@link SecretScanner}), which failed a run on a log line that held no secret.
 */
public final class Names {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    /** {@code prefix-} followed by {@code letters} random lower-case letters. */
    public static String unique(String prefix, int letters) {
        StringBuilder name = new StringBuilder(prefix.toLowerCase()).append('-');
        for (int i = 0; i < letters; i++) {
            name.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return name.toString();
    }

    /** {@code prefix-} and eight random letters. */
    public static String unique(String prefix) {
        return unique(prefix, 8);
    }
}

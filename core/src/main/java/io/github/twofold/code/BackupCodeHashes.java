package io.github.twofold.code;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a backup-code set (one salted PBKDF2 hash per slot, {@code salt:hash} in
 * Base64) and the check of a typed code against it. A check costs exactly one PBKDF2 whatever the
 * set's size or how many codes are left: the code's first character names its slot. A slot past
 * the end of the set is hashed too, so timing does not tell the set's size or offset.
 */
public final class BackupCodeHashes {

    /** PBKDF2-HMAC-SHA-256 iterations for new sets (stored with each set, so it can be raised later). */
    public static final int ITERATIONS = 10_000;

    /** The input does not have the shape of a backup code (nothing was hashed). */
    public static final int NOT_A_CODE = -2;
    /** The input has the shape of a code but is not one of the set. */
    public static final int WRONG = -1;

    private static final byte[] DUMMY_SALT = new byte[16];

    private BackupCodeHashes() {
    }

    public static List<String> hash(List<String> codes, int iterations) {
        List<String> hashes = new ArrayList<>(codes.size());
        for (String code : codes) {
            hashes.add(SecretHash.storedPbkdf2(code, iterations));
        }
        return hashes;
    }

    /** The slot of a normalised code when it is right, else {@link #WRONG} or {@link #NOT_A_CODE}. */
    public static int check(List<String> hashes, int offset, int iterations, String normalized) {
        int slot = BackupCodeFormat.slot(normalized, offset);
        if (slot < 0) {
            return NOT_A_CODE;
        }
        if (slot >= hashes.size()) {
            SecretHash.pbkdf2(DUMMY_SALT, normalized, iterations);
            return WRONG;
        }
        return SecretHash.matchesStoredPbkdf2(hashes.get(slot), normalized, iterations) ? slot : WRONG;
    }
}

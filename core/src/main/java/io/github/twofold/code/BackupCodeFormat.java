package io.github.twofold.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Backup codes: 16 characters from a 32-letter alphabet without look-alikes (no I, L, O, U),
 * shown as {@code XXXX-XXXX-XXXX-XXXX}. The first character names the code's slot in its set
 * (shifted by a random per-set offset so it looks random), so checking a typed code costs exactly
 * one hash however many codes remain; the other 15 characters are 75 random bits.
 */
public final class BackupCodeFormat {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 16;
    public static final int MAX_CODES = ALPHABET.length();

    private BackupCodeFormat() {
    }

    /** A generated set: the codes in slot order and the slot offset to store with the set. */
    public record GeneratedSet(List<String> codes, int offset) {
    }

    public static GeneratedSet generate(int count) {
        if (count < 1 || count > MAX_CODES) {
            throw new IllegalArgumentException("1-" + MAX_CODES + " codes");
        }
        int offset = SecretHash.RANDOM.nextInt(ALPHABET.length());
        List<String> codes = new ArrayList<>(count);
        for (int slot = 0; slot < count; slot++) {
            StringBuilder code = new StringBuilder(LENGTH);
            code.append(ALPHABET.charAt((slot + offset) % ALPHABET.length()));
            for (int i = 1; i < LENGTH; i++) {
                code.append(ALPHABET.charAt(SecretHash.RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return new GeneratedSet(List.copyOf(codes), offset);
    }

    /** The slot a normalised code claims (it may still be wrong), or -1 when it is not a code at all. */
    public static int slot(String normalized, int offset) {
        if (normalized == null || normalized.length() != LENGTH) {
            return -1;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(normalized.charAt(i)) < 0) {
                return -1;
            }
        }
        int first = ALPHABET.indexOf(normalized.charAt(0));
        return Math.floorMod(first - offset, ALPHABET.length());
    }

    /** {@code ABCD-EFGH-JKMN-PQRS} */
    public static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-" + code.substring(12, 16);
    }
}

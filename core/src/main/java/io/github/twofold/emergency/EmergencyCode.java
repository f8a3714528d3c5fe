package io.github.twofold.emergency;

import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.code.CodeInput;
import io.github.twofold.code.SecretHash;

/**
 * Emergency codes: 20 characters from the backup-code alphabet (100 random bits), read out by the
 * help desk as {@code XXXX-XXXX-XXXX-XXXX-XXXX}. Typed input is normalised the same way as backup
 * codes (case, spaces, dashes, look-alikes).
 */
public final class EmergencyCode {

    public static final int LENGTH = 20;

    private EmergencyCode() {
    }

    public static String generate() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(BackupCodeFormat.ALPHABET.charAt(SecretHash.RANDOM.nextInt(BackupCodeFormat.ALPHABET.length())));
        }
        return code.toString();
    }

    /** The code in canonical form, or null when the input cannot be an emergency code. */
    public static String normalize(String typed) {
        String code = CodeInput.alphanumeric(typed, LENGTH);
        if (code == null) {
            return null;
        }
        for (int i = 0; i < code.length(); i++) {
            if (BackupCodeFormat.ALPHABET.indexOf(code.charAt(i)) < 0) {
                return null;
            }
        }
        return code;
    }

    public static String display(String code) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < code.length(); i += 4) {
            out.append(i == 0 ? "" : "-").append(code, i, Math.min(code.length(), i + 4));
        }
        return out.toString();
    }
}

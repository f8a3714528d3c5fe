package io.github.twofold.code;

/**
 * The one documented normalisation of typed codes: spaces and dashes are removed, letters are
 * upper-cased, and for backup codes the look-alikes O, I and L read as 0, 1 and 1. Anything else
 * than ASCII digits and letters is refused, and lengths are checked before any hashing.
 */
public final class CodeInput {

    /** Longer input is refused without looking at it (a 10 kB "code" costs nothing). */
    public static final int MAX_RAW_LENGTH = 64;

    private CodeInput() {
    }

    /** Digits of an SMS/one-time code, or null when the input cannot be a code of that length. */
    public static String digits(String raw, int length) {
        String compact = compact(raw);
        if (compact == null || compact.length() != length) {
            return null;
        }
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return compact;
    }

    /** An alphanumeric code in upper case with look-alikes folded, or null when it cannot be one. */
    public static String alphanumeric(String raw, int length) {
        String compact = compact(raw);
        if (compact == null || compact.length() != length) {
            return null;
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            boolean ascii = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            if (!ascii) {
                return null;
            }
            char u = Character.toUpperCase(c);
            out.append(switch (u) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> u;
            });
        }
        return out.toString();
    }

    private static String compact(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_RAW_LENGTH) {
            return null;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '-' || c == '\u00a0') {
                continue;
            }
            sb.append(c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}

package io.github.twofold.code;

/** Uniformly random decimal codes from {@link SecretHash#RANDOM}. */
public final class NumericCode {

    private NumericCode() {
    }

    public static String generate(int length) {
        if (length < 6 || length > 8) {
            throw new IllegalArgumentException("code length must be 6-8");
        }
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = (char) ('0' + SecretHash.RANDOM.nextInt(10));
        }
        return new String(digits);
    }
}

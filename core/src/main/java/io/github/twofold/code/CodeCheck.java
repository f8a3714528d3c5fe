package io.github.twofold.code;

/**
 * What checking a typed code found. Every step and action that checks a code (login pages, set-up
 * actions, the password grant) reports these, so the same input has the same reason everywhere;
 * {@link #reason()} is the {@code twofold_reason} of the event.
 */
public enum CodeCheck {
    OK("ok"),
    /** No code was sent in this sign-in (or it was sent to another factor). */
    NO_CODE("no_code"),
    EMPTY("empty"),
    /** Input that cannot be a code (wrong length, letters where digits belong, ...). */
    MALFORMED("malformed"),
    EXPIRED("expired"),
    WRONG("wrong_code"),
    /** Right, but a parallel request used it first. */
    ALREADY_USED("already_used"),
    /** The gateway that made the code (Twilio Verify) could not be asked whether it is right. */
    UNAVAILABLE("check_unavailable");

    private final String reason;

    CodeCheck(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** {@link #EMPTY} or {@link #MALFORMED}, for input that is not a code at all. */
    public static CodeCheck notACode(String typed) {
        return typed == null || typed.isBlank() ? EMPTY : MALFORMED;
    }
}

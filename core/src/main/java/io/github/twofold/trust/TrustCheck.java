package io.github.twofold.trust;

/** What the check of a browser's trust cookie found ({@code twofold_reason} in events). */
public enum TrustCheck {
    OK("ok"),
    /** Not a cookie Twofold writes (shape or length). */
    MALFORMED("malformed"),
    /** No such trusted browser for this user: another user's or realm's cookie, removed, or dropped as the oldest. */
    UNKNOWN("unknown"),
    /** The record exists, the secret does not match: a forged or altered cookie. */
    TAMPERED("tampered"),
    EXPIRED("expired"),
    /** The user's password or second factors changed since the browser was trusted. */
    CREDENTIALS_CHANGED("credentials_changed"),
    /** An admin signed the user out everywhere since the browser was trusted. */
    SIGNED_OUT("signed_out");

    private final String reason;

    TrustCheck(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

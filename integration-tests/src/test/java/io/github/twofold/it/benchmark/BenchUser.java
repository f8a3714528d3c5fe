package io.github.twofold.it.benchmark;

import io.github.twofold.it.harness.Totp;

/**
 * One benchmark account and what its second factor needs: a phone, a TOTP secret, or its codes.
 * Every account logs in once (see {@link UserPool}).
 */
final class BenchUser {

    final String username;
    final String password;
    final String phone;
    final String totpSecret;
    /** A single-use code (backup or recovery code), or null. */
    final String code;
    /** The trusted-browser cookie the account's browser holds, or null. */
    final String trustCookie;

    BenchUser(String username, String password, String phone, String totpSecret, String code, String trustCookie) {
        this.username = username;
        this.password = password;
        this.phone = phone;
        this.totpSecret = totpSecret;
        this.code = code;
        this.trustCookie = trustCookie;
    }

    String totpCode() {
        return Totp.code(totpSecret);
    }
}

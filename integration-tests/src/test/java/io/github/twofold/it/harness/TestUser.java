package io.github.twofold.it.harness;

/**
 * A user created for one test; {@code phone} is the enrolled number in E.164 and {@code totpSecret}
 * the authenticator-app secret, or null.
 */
public record TestUser(String realm, String id, String username, String password, String email, String phone, String totpSecret) {
}

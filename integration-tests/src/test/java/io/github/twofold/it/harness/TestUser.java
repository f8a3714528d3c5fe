package io.github.twofold.it.harness;

/** A user created for one test; {@code phone} is the enrolled number in E.164, or null. */
public record TestUser(String realm, String id, String username, String password, String email, String phone) {
}

package io.github.twofold.it.harness;

/** A user created for one test in the demo realm. */
public record TestUser(String realm, String id, String username, String password, String email) {
}

package io.github.twofold.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that moves the main server's clock ({@link TestEnvironment#clock()}). The clock is
 * the whole server's: while it is moved, every other test on that server would see codes expire
 * and sessions end. Such a test runs while no other test runs ({@link TestLocks}); moving the
 * clock from a test without this mark fails it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface MovesClock {
}

package io.github.twofold.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that moves the server's clock ({@link TestEnvironment#clock()}). The clock is the
 * whole server's: while it is moved, every other test on that server would see codes expire and
 * sessions end. Such a test is given the clock server's environment instead of the main one
 * ({@link TestEnvironment#clockEnvironment}) and has that server to itself ({@link TestLocks}),
 * while the other tests go on on the main server; moving the clock from a test without this mark fails it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface MovesClock {
}

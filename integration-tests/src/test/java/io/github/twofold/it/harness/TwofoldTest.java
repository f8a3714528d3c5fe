package io.github.twofold.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test class that runs against the shared real Keycloak. Such classes run two at a time;
 * what they share is locked by {@link TestLocks}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(TwofoldExtension.class)
@ResourceLock(providers = TestLocks.class)
public @interface TwofoldTest {

    /** The servers besides the main one that the class uses (started in the background: {@link OtherServer}). */
    OtherServer[] otherServers() default {};

    /**
     * Whether the class's tests use the main server. A class whose tests use only its other
     * servers says {@code false}: a test that moves the main server's clock then does not wait for
     * them, nor they for it.
     */
    boolean mainServer() default true;
}

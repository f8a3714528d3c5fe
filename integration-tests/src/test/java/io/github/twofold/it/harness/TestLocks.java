package io.github.twofold.it.harness;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * What the run's test classes share, as JUnit resource locks (test classes run two at a time:
 * {@code junit-platform.properties}). Every test reads the main server's clock, and a test marked
 * {@link MovesClock} writes it, so it waits for the tests running and runs alone (a class whose tests
 * do not use the main server says so, {@link TwofoldTest#mainServer()}, and takes no part). A test of a class
 * that uses another server ({@link TwofoldTest#otherServers()}) has that server to itself: some
 * restart a node or sign everyone out of the server's realm. The locks are a test's, not a class's:
 * a class holding one for all its tests would keep a test that moves the clock waiting that long.
 */
public final class TestLocks implements ResourceLocksProvider {

    static final String MAIN_CLOCK = "twofold.main-server.clock";

    @Override
    public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        Set<Lock> locks = new LinkedHashSet<>();
        TwofoldTest test = testClass.getAnnotation(TwofoldTest.class);
        if (test == null || test.mainServer()) {
            locks.add(new Lock(MAIN_CLOCK, testMethod.isAnnotationPresent(MovesClock.class) ? ResourceAccessMode.READ_WRITE : ResourceAccessMode.READ));
        }
        if (test != null) {
            for (OtherServer server : test.otherServers()) {
                locks.add(new Lock("twofold.server." + server.name(), ResourceAccessMode.READ_WRITE));
            }
        }
        return locks;
    }
}

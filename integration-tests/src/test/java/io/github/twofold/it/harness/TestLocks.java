package io.github.twofold.it.harness;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * What the run's test classes share, as JUnit resource locks (test classes run two at a time:
 * {@code junit-platform.properties}). A test marked {@link MovesClock} runs on the clock server
 * ({@link TestEnvironment#clockEnvironment}) and has it to itself, so the tests that move the clock
 * run one after another there while the other worker goes on with tests on the main server, whose
 * clock never moves. A test of a class that uses another server ({@link TwofoldTest#otherServers()})
 * has that server to itself: some restart a node or sign everyone out of the server's realm. The
 * locks are a test's, not a class's: a class holding one for all its tests would keep the other
 * worker's test waiting that long.
 */
public final class TestLocks implements ResourceLocksProvider {

    static final String CLOCK_SERVER = "twofold.clock-server";

    @Override
    public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        Set<Lock> locks = new LinkedHashSet<>();
        TwofoldTest test = testClass.getAnnotation(TwofoldTest.class);
        if (testMethod.isAnnotationPresent(MovesClock.class)) {
            locks.add(new Lock(CLOCK_SERVER, ResourceAccessMode.READ_WRITE));
        }
        if (test != null) {
            for (OtherServer server : test.otherServers()) {
                locks.add(new Lock("twofold.server." + server.name(), ResourceAccessMode.READ_WRITE));
            }
        }
        return locks;
    }
}

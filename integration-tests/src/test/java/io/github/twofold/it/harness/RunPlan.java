package io.github.twofold.it.harness;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Reads, when the run begins, which other servers the classes of this run use (a run of one
 * class starts only what that class needs). Registered with the JUnit launcher through
 * {@code META-INF/services}.
 */
public final class RunPlan implements TestExecutionListener {

    private static final Set<OtherServer> USED = EnumSet.noneOf(OtherServer.class);

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        synchronized (USED) {
            USED.clear();
            plan.getRoots().forEach(root -> plan.getDescendants(root).forEach(RunPlan::add));
        }
    }

    private static void add(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof ClassSource cls) {
            try {
                TwofoldTest test = cls.getJavaClass().getAnnotation(TwofoldTest.class);
                if (test != null) {
                    USED.addAll(List.of(test.otherServers()));
                }
            } catch (RuntimeException | LinkageError e) {
                // a class that cannot be loaded here fails in its own run; nothing to start for it
            }
        }
    }

    /** The other servers this run's classes use, in {@link OtherServer} order. */
    static Set<OtherServer> used() {
        synchronized (USED) {
            return USED.isEmpty() ? EnumSet.noneOf(OtherServer.class) : EnumSet.copyOf(USED);
        }
    }
}

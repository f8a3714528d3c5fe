package io.github.twofold.it.harness;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives tests the shared {@link TestEnvironment} (one Keycloak per run) and a fresh headless
 * {@link Browser} per test, the two-node {@link Cluster} to tests that ask for it, with a screenshot and page source in {@code target/it/screenshots}
 * when the test fails.
 */
public final class TwofoldExtension implements ParameterResolver, TestExecutionExceptionHandler, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TwofoldExtension.class);
    /** The test method this thread runs (test classes run two at a time, each on its own thread). */
    private static final ThreadLocal<Method> CURRENT = new ThreadLocal<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        CURRENT.set(context.getRequiredTestMethod());
        Timeline.started(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CURRENT.remove();
        Timeline.ended(context);
    }

    /** The test method running on this thread, or null outside a test method. */
    static Method currentTest() {
        return CURRENT.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestEnvironment.class || type == Browser.class || type == Cluster.class || type == MariaDbNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Parameter parameter = parameterContext.getParameter();
        if (parameter.getType() == TestEnvironment.class) {
            return environment(context);
        }
        TestEnvironment env = environment(context);
        // started once per run (perhaps in the background already), stopped with the environment
        if (parameter.getType() == MariaDbNode.class) {
            return MariaDbNode.get(env);
        }
        if (parameter.getType() == Cluster.class) {
            return Cluster.get(env);
        }
        return context.getStore(NS).getOrComputeIfAbsent(Browser.class, k -> Browser.fresh(env.workDir()), Browser.class);
    }

    public static TestEnvironment environment(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(TestEnvironment.class, k -> new TestEnvironment(), TestEnvironment.class);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Browser browser = context.getStore(NS).get(Browser.class, Browser.class);
        if (browser != null) {
            try {
                browser.screenshot(context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName() + "-failure");
            } catch (RuntimeException e) {
                throwable.addSuppressed(e);
            }
        }
        throw throwable;
    }
}

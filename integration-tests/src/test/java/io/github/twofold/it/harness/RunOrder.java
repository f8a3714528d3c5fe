package io.github.twofold.it.harness;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order of the run's classes: by {@link Order} (the log scan last), and among equals the
 * classes on the main server first, then those that use other servers, in the order the
 * background starts them ({@link BackgroundStarts}), so they find them up.
 */
public final class RunOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparingInt((ClassDescriptor d) -> d.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT))
                .thenComparingInt(RunOrder::firstOtherServer));
    }

    private static int firstOtherServer(ClassDescriptor d) {
        return d.findAnnotation(TwofoldTest.class).map(TwofoldTest::otherServers)
                .filter(s -> s.length > 0).map(s -> 1 + s[0].ordinal()).orElse(0);
    }
}

package io.github.twofold.it.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order of the run's classes: by {@link Order} (the benchmark and the log scan last). Among
 * equals, the classes that use other servers sit in the middle, in the order the background starts
 * those servers ({@link BackgroundStarts}), with the classes on the main server before and after
 * them: classes run two at a time, and JUnit's fork-join pool gives one of its two workers the list
 * from the front and the other from the back, so both reach the other servers' classes only after
 * half of the main server's, by when the background has started those servers. Run one at a time,
 * the other servers' classes come after half of the main server's.
 */
public final class RunOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<ClassDescriptor> sorted = new ArrayList<>(context.getClassDescriptors());
        sorted.sort(Comparator.comparingInt(RunOrder::order).thenComparingInt(RunOrder::firstOtherServer));
        List<ClassDescriptor> arranged = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int order = order(sorted.get(i));
            List<ClassDescriptor> main = new ArrayList<>();
            List<ClassDescriptor> others = new ArrayList<>();
            for (; i < sorted.size() && order(sorted.get(i)) == order; i++) {
                (firstOtherServer(sorted.get(i)) == 0 ? main : others).add(sorted.get(i));
            }
            int half = (main.size() + 1) / 2;
            arranged.addAll(main.subList(0, half));
            arranged.addAll(others);
            arranged.addAll(main.subList(half, main.size()));
        }
        context.getClassDescriptors().sort(Comparator.comparingInt(arranged::indexOf));
    }

    private static int order(ClassDescriptor d) {
        return d.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT);
    }

    private static int firstOtherServer(ClassDescriptor d) {
        return d.findAnnotation(TwofoldTest.class).map(TwofoldTest::otherServers)
                .filter(s -> s.length > 0).map(s -> 1 + s[0].ordinal()).orElse(0);
    }
}

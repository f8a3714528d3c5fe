package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When each test started and ended, and on which thread: {@code target/it/timeline.tsv}, to see
 * where the run spends its time with classes running two at a time (a test that waits for a lock
 * shows as a gap on its thread).
 */
final class Timeline {

    private static Path file;

    private Timeline() {
    }

    static void started(ExtensionContext context) {
        write("start", context);
    }

    static void ended(ExtensionContext context) {
        write("end", context);
    }

    private static synchronized void write(String what, ExtensionContext context) {
        try {
            if (file == null) {
                Path dir = Files.createDirectories(Path.of(System.getProperty("twofold.work.dir", "target/it")));
                file = dir.resolve("timeline.tsv");
                Files.writeString(file, "time\tevent\tthread\ttest\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, String.join("\t", LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString(), what,
                    Thread.currentThread().getName(), context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.github.twofold.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/admin-guide.md lists every policy setting with its current default and bounds. */
class PolicyDocumentationTest {

    private static final String BEGIN = "<!-- policy-table:begin -->";
    private static final String END = "<!-- policy-table:end -->";

    static String table() {
        StringBuilder sb = new StringBuilder("| Setting (key) | Default | Range | What it does |\n|---|---|---|---|\n");
        for (PolicySetting s : PolicySchema.SETTINGS) {
            String range = switch (s.kind()) {
                case INT -> s.min() + "-" + s.max();
                case CHOICE -> String.join(", ", s.options());
                case BOOLEAN -> "true, false";
                case LIST -> "comma-separated list";
                default -> "text";
            };
            String def = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            sb.append("| ").append(s.label()).append(" (`").append(s.key()).append("`) | ").append(def).append(" | ")
                    .append(range).append(" | ").append(s.help().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void adminGuideListsEverySettingAsTheCodeDefinesIt() throws IOException {
        Path guide = Path.of("..", "docs", "admin-guide.md");
        String text = Files.readString(guide);
        String expected = BEGIN + "\n" + table() + END;
        if (!text.contains(expected)) {
            Path out = Path.of("target", "policy-table.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected + "\n");
        }
        assertThat(text).as("docs/admin-guide.md policy table (expected block written to core/target/policy-table.md)").contains(expected);
    }
}

package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwofoldTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The app developer guide's worked example ("The app API end to end with curl") runs as it is
 * written, against the suite's server and its demo realm: bob signs in to {@code demo-app} with the
 * password and the SMS code, and the token lists his factors and creates backup codes. A change to
 * the API or to the sign-in pages that breaks the example breaks this test.
 */
@TwofoldTest
class AppApiCurlExampleIT {

    private static final String SECTION = "## The app API end to end with curl";
    private static final String BOB = "bob";
    private static final String BOBS_PHONE = "+4915123456789";

    /** The first {@code bash} block after the heading {@code section} of a Markdown file. */
    static String bashBlock(Path markdown, String section) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int at = text.indexOf("\n" + section + "\n");
        assertThat(at).as("the guide has the section " + section).isNotNegative();
        Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find(at)).as("a bash block in " + section).isTrue();
        return block.group(1);
    }

    @Test
    void theGuidesCurlExampleSignsInListsTheFactorsAndCreatesBackupCodes(TestEnvironment env) throws Exception {
        for (String tool : new String[] {"curl", "openssl", "jq"}) {
            Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0,
                    () -> tool + " is not installed here; the guide's example needs it (.ci/run installs it)");
        }
        String script = bashBlock(Path.of(TestEnvironment.required("twofold.project.root"), "docs/app-developer-guide.md"), SECTION);
        String bobsId = env.admin().get("/admin/realms/" + TestEnvironment.REALM + "/users?exact=true&username=" + BOB)
                .expect(200).json().get(0).path("id").asText();
        assertThat(env.admin().credentialTypes(TestEnvironment.REALM, bobsId)).as("the demo realm's bob").contains("twofold-sms")
                .doesNotContain("twofold-backup-codes");
        int smsBefore = env.sms().messagesTo(BOBS_PHONE).size();

        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
        builder.environment().put("KC", env.baseUrl());
        builder.environment().put("REALM", TestEnvironment.REALM);
        Process bash = builder.start();
        String code = env.sms().awaitCode(BOBS_PHONE, smsBefore + 1);
        try (OutputStream stdin = bash.getOutputStream()) {
            stdin.write((code + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the example finishes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output).contains("\"sms\"").contains("\"phone\": \"+49*******6789\"").contains("\"mayChangeFactors\": true")
                .doesNotContain(BOBS_PHONE).doesNotContain(code);
        assertThat(output.strip().lines().reduce((a, b) -> b).orElse("")).as("the number of new backup codes").isEqualTo("10");
        assertThat(env.admin().credentialTypes(TestEnvironment.REALM, bobsId)).as("stored for bob").contains("twofold-backup-codes");
    }
}

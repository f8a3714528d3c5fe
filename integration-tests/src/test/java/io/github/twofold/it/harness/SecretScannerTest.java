package io.github.twofold.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The log scan finds a registered secret wherever it stands as a word of its own, and only there. */
class SecretScannerTest {

    @Test
    void findsEachSecretAsAWordOfItsOwnAndNotInsideLongerWords() {
        SecretScanner scanner = new SecretScanner();
        scanner.register("sms code", "482913");
        scanner.register("phone", "+4915112345678");
        scanner.register("backup code", "28EN-JX09-1CSY-395C");
        String log = "code=482913 sent\n"
                + "to 4915112345678 and \"+4915112345678\"\n"
                + "backup 28EN-JX09-1CSY-395C, compact 28ENJX091CSY395C\n"
                + "not these: 1482913 4829130 x482913 id-482913y";
        assertThat(scanner.scan(log)).extracting(SecretScanner.Finding::kind)
                .containsExactlyInAnyOrder("sms code", "phone", "phone", "phone", "backup code", "backup code");
        assertThat(scanner.scan(log)).allSatisfy(f -> assertThat(f.context()).contains("<" + f.kind() + ">"));
    }

    @Test
    void aLogWithNoSecretIsCleanAndAnEmptyLogProvesNothing() {
        SecretScanner scanner = new SecretScanner();
        scanner.register("sms code", "482913");
        assertThat(scanner.scan("2026-12-05 00:12:01 INFO nothing to see, port 4829 and 13")).isEmpty();
        assertThatThrownBy(() -> scanner.scan("")).isInstanceOf(AssertionError.class);
    }
}

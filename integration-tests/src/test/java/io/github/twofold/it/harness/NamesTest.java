package io.github.twofold.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aNameHoldsNoDigitsAfterItsPrefixAndIsNotRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String name = Names.unique("Mail-Passkey-7", 6);
            assertThat(name).matches("mail-passkey-7-[a-z]{6}");
            seen.add(name);
        }
        assertThat(seen).hasSizeGreaterThan(9_990);
    }
}

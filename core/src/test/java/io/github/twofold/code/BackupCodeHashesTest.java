package io.github.twofold.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackupCodeHashesTest {

    private static final int ITERATIONS = 1_000; // the stored count is per set; a small one keeps the test quick

    @Test
    void everyCodeOfTheSetIsFoundInItsSlotInAnyOrder() {
        BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(5);
        List<String> hashes = BackupCodeHashes.hash(set.codes(), ITERATIONS);
        for (int slot : new int[]{3, 0, 4, 1, 2}) {
            assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, set.codes().get(slot))).isEqualTo(slot);
        }
    }

    @Test
    void storedFormIsSaltedAndHoldsNoCode() {
        BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(2);
        List<String> once = BackupCodeHashes.hash(set.codes(), ITERATIONS);
        List<String> again = BackupCodeHashes.hash(set.codes(), ITERATIONS);
        assertThat(once).doesNotContainAnyElementsOf(again);
        assertThat(String.join(",", once)).doesNotContain(set.codes().get(0)).doesNotContain(set.codes().get(1));
    }

    @Test
    void wrongCodesAndNonCodesAreToldApart() {
        BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(5);
        List<String> hashes = BackupCodeHashes.hash(set.codes(), ITERATIONS);
        String right = set.codes().get(2);
        String oneCharOff = right.substring(0, 15) + (right.charAt(15) == '0' ? '1' : '0');
        assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, oneCharOff)).isEqualTo(BackupCodeHashes.WRONG);
        String pastTheEnd = BackupCodeFormat.ALPHABET.charAt((set.offset() + 7) % 32) + right.substring(1);
        assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, pastTheEnd)).isEqualTo(BackupCodeHashes.WRONG);
        assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, "SHORT")).isEqualTo(BackupCodeHashes.NOT_A_CODE);
        assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, null)).isEqualTo(BackupCodeHashes.NOT_A_CODE);
        assertThat(BackupCodeHashes.check(hashes, set.offset(), ITERATIONS, "IIIIIIIIIIIIIIII")).isEqualTo(BackupCodeHashes.NOT_A_CODE);
    }
}

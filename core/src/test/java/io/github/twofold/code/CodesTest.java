package io.github.twofold.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void numericCodesHaveTheRequestedLengthAndOnlyDigits() {
        for (int length = 6; length <= 8; length++) {
            String code = NumericCode.generate(length);
            assertThat(code).hasSize(length).matches("[0-9]+");
        }
    }

    @Test
    void digitInputIsNormalisedOnceAndLengthChecked() {
        assertThat(CodeInput.digits("123456", 6)).isEqualTo("123456");
        assertThat(CodeInput.digits(" 123 456 ", 6)).isEqualTo("123456");
        assertThat(CodeInput.digits("123-456", 6)).isEqualTo("123456");
        assertThat(CodeInput.digits("12345", 6)).isNull();
        assertThat(CodeInput.digits("1234567", 6)).isNull();
        assertThat(CodeInput.digits("12345a", 6)).isNull();
        assertThat(CodeInput.digits("１２３４５６", 6)).as("full-width digits are not ASCII").isNull();
        assertThat(CodeInput.digits("", 6)).isNull();
        assertThat(CodeInput.digits(null, 6)).isNull();
        assertThat(CodeInput.digits("1".repeat(10_000), 6)).isNull();
    }

    @Test
    void backupInputFoldsCaseAndLookAlikes() {
        assertThat(CodeInput.alphanumeric("abcd-efgh-jkmn-pqrs", 16)).isEqualTo("ABCDEFGHJKMNPQRS");
        assertThat(CodeInput.alphanumeric("0o1I L000 0000 0000", 16)).isEqualTo("0011100000000000");
        assertThat(CodeInput.alphanumeric("ABCD EFGH JKMN PQR", 16)).isNull();
        assertThat(CodeInput.alphanumeric("ABCD-EFGH-JKMN-PQR$", 16)).isNull();
        assertThat(CodeInput.alphanumeric("ÄBCD-EFGH-JKMN-PQRS", 16)).isNull();
    }

    @Test
    void backupCodesAreUniqueGroupedAndNameTheirSlot() {
        BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(20);
        Set<String> seen = new HashSet<>();
        for (int slot = 0; slot < set.codes().size(); slot++) {
            String code = set.codes().get(slot);
            assertThat(code).hasSize(16).matches("[" + BackupCodeFormat.ALPHABET + "]+");
            assertThat(BackupCodeFormat.display(code)).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
            assertThat(BackupCodeFormat.slot(code, set.offset())).isEqualTo(slot);
            assertThat(seen.add(code)).isTrue();
        }
        assertThat(BackupCodeFormat.slot("SHORT", set.offset())).isEqualTo(-1);
        assertThat(BackupCodeFormat.slot("IIIIIIIIIIIIIIII", set.offset())).as("I is not in the alphabet").isEqualTo(-1);
    }

    @Test
    void hashesAreSaltedAndOnlyTheSameSecretMatches() {
        byte[] salt1 = SecretHash.salt();
        byte[] salt2 = SecretHash.salt();
        assertThat(SecretHash.hmac(salt1, "123456")).isNotEqualTo(SecretHash.hmac(salt2, "123456"));
        assertThat(SecretHash.matches(SecretHash.pbkdf2(salt1, "X", 1000), SecretHash.pbkdf2(salt1, "X", 1000))).isTrue();
        assertThat(SecretHash.matches(SecretHash.pbkdf2(salt1, "X", 1000), SecretHash.pbkdf2(salt1, "Y", 1000))).isFalse();
    }

    @Test
    void pendingCodeMatchesOnlyItsCodeAndCooldownDoubles() {
        PendingCode code = PendingCode.issue("123456", "cred", 1000, 300, null, 30);
        assertThat(code.matches("123456")).isTrue();
        assertThat(code.matches("123457")).isFalse();
        assertThat(code.toNotes().toString()).doesNotContain("123456");
        assertThat(code.expired(1299)).isFalse();
        assertThat(code.expired(1300)).isTrue();
        assertThat(PendingCode.cooldown(1, 30)).isEqualTo(30);
        assertThat(PendingCode.cooldown(2, 30)).isEqualTo(30);
        assertThat(PendingCode.cooldown(3, 30)).isEqualTo(60);
        assertThat(PendingCode.cooldown(4, 30)).isEqualTo(120);
        assertThat(PendingCode.cooldown(20, 30)).isEqualTo(900);
        PendingCode resent = PendingCode.issue("654321", "cred", 1100, 300, code, 30);
        assertThat(resent.sends()).isEqualTo(2);
        assertThat(PendingCode.fromNotes(resent.toNotes())).isEqualTo(resent);
    }
}

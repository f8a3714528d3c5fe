package io.github.twofold.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one list of second-factor kinds and the sets derived from it. */
class FactorKindTest {

    @Test
    void everySecondFactorTypeIsKnownOnce() {
        assertThat(SecondFactors.TYPES).containsExactlyInAnyOrder("otp", "twofold-sms", "webauthn", "webauthn-passwordless",
                "recovery-authn-codes", "twofold-backup-codes");
        assertThat(SecondFactors.isSecondFactor("password")).isFalse();
        assertThat(SecondFactors.isSecondFactor(CredentialTypes.TRUSTED_BROWSER)).as("trust skips a factor, it is none").isFalse();
        assertThat(SecondFactors.isSecondFactor(CredentialTypes.EMERGENCY_GRANT)).isFalse();
        assertThat(SecondFactors.isSecondFactor(CredentialTypes.EMAIL_CODE)).as("an e-mailed code is verified, never held").isFalse();
    }

    @Test
    void theEmailedCodeIsAPhishableKindNobodyHolds() {
        assertThat(FactorKind.EMAIL_CODE.stored()).isFalse();
        assertThat(FactorKind.EMAIL_CODE.amr()).isEqualTo("email");
        assertThat(FactorKind.EMAIL_CODE.phishable()).isTrue();
        assertThat(FactorKind.EMAIL_CODE.backup()).isFalse();
        assertThat(FactorKind.where(kind -> !kind.stored())).containsExactly(FactorKind.EMAIL_CODE);
    }

    @Test
    void backupsAreOnlyTheCodeLists() {
        assertThat(SecondFactors.isBackup("twofold-backup-codes")).isTrue();
        assertThat(SecondFactors.isBackup("recovery-authn-codes")).isTrue();
        assertThat(SecondFactors.isBackup("otp")).isFalse();
        assertThat(SecondFactors.isBackup(null)).isFalse();
    }

    @Test
    void passkeyUsersLoseTypedCodesButKeepTheirBackups() {
        assertThat(FactorKinds.phishable("otp")).isTrue();
        assertThat(FactorKinds.phishable("twofold-sms")).isTrue();
        assertThat(FactorKinds.phishable("twofold-backup-codes")).isFalse();
        assertThat(FactorKinds.phishable("recovery-authn-codes")).isFalse();
        assertThat(FactorKinds.phishable("webauthn-passwordless")).isFalse();
        assertThat(FactorKinds.phishable(null)).isFalse();
        assertThat(FactorKind.where(FactorKind::phishingResistant)).containsExactlyInAnyOrder(FactorKind.PASSKEY, FactorKind.SECURITY_KEY);
    }

    @Test
    void eachKindIsFoundByItsCredentialType() {
        for (FactorKind kind : FactorKind.values()) {
            assertThat(FactorKind.ofCredentialType(kind.credentialType())).contains(kind);
        }
        assertThat(FactorKind.ofCredentialType("password")).isEmpty();
    }
}

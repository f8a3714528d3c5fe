package io.github.twofold.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.twofold.emergency.EmergencyGrant;
import io.github.twofold.phone.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

class CredentialFormatTest {

    private static CredentialModel stored(String type, String data, String secret) {
        CredentialModel model = new CredentialModel();
        model.setId("cred-1");
        model.setType(type);
        model.setCredentialData(data);
        model.setSecretData(secret);
        return model;
    }

    @Test
    void everyCredentialTwofoldWritesCarriesTheCurrentFormat() {
        SmsCredentialModel phone = SmsCredentialModel.create(new PhoneNumber("+4915112345678", "DE", "MOBILE"));
        assertThat(phone.getCredentialData()).contains("\"format\":" + CredentialFormat.CURRENT);
        EmergencyGrant.Data data = new EmergencyGrant.Data();
        data.reason = "r";
        assertThat(EmergencyGrant.create(data, new EmergencyGrant.Secret(), 0).getCredentialData()).contains("\"format\":" + CredentialFormat.CURRENT);
        BackupCodesCredentialModel.Data codes = new BackupCodesCredentialModel.Data();
        assertThat(BackupCodesCredentialModel.create(codes, new BackupCodesCredentialModel.Secret(), 0).getCredentialData())
                .contains("\"format\":" + CredentialFormat.CURRENT);
    }

    @Test
    void dataWithoutAFormatIsFormatOneAndReadsAsBefore() {
        SmsCredentialModel phone = SmsCredentialModel.from(stored(SmsCredentialModel.TYPE, "{\"masked\":\"+49******5678\"}", "{\"phone\":\"+4915112345678\"}"));
        assertThat(phone.phoneNumber()).isEqualTo("+4915112345678");
        assertThat(phone.maskedPhoneNumber()).isEqualTo("+49******5678");
        assertThat(BackupCodesCredentialModel.from(stored(BackupCodesCredentialModel.TYPE, "{\"total\":10,\"iterations\":5}", "{\"codes\":[]}"))
                .data().format()).isEqualTo(1);
    }

    @Test
    void aNewerFormatIsRefusedNamingTheCredentialButNotItsSecrets() {
        CredentialModel newer = stored(SmsCredentialModel.TYPE, "{\"format\":2,\"masked\":\"+49******5678\"}", "{\"phone\":\"+4915112345678\"}");
        assertThatThrownBy(() -> SmsCredentialModel.from(newer)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cred-1").hasMessageContaining("format 2").hasMessageContaining("up to " + CredentialFormat.CURRENT)
                .hasMessageNotContaining("5678");
    }

    @Test
    void unreadableDataNamesTheCredentialWithoutQuotingIt() {
        CredentialModel broken = stored(EmergencyGrant.TYPE, "{\"reason\":\"x\"", "{\"hash\":\"c2VjcmV0:aGFzaA==\"}");
        assertThatThrownBy(() -> EmergencyGrant.from(broken)).hasMessageContaining("cred-1").hasMessageNotContaining("reason");
    }
}

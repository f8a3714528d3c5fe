package io.github.twofold.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.twofold.credential.CredentialFormat;
import io.github.twofold.credential.CredentialTypes;
import org.keycloak.credential.CredentialModel;

/**
 * One open self-service recovery, stored as a credential of the user (so only the recovery step
 * makes one, the user cannot write it, and it goes with the user): when it started, when its
 * waiting period ends, the address it was started for (its hash), and whether the user was told
 * that it ended. It holds no secret.
 */
public class RecoveryRecord extends CredentialModel {

    public static final String TYPE = CredentialTypes.ACCOUNT_RECOVERY;

    public static class Data extends CredentialFormat.Versioned {
        @JsonProperty("startedAt")
        public long startedAt;
        @JsonProperty("readyAt")
        public long readyAt;
        /** The hash of the e-mail address the code went to ({@code EmailCodeSender.target}): a changed address voids it. */
        @JsonProperty("address")
        public String address;
        /** The server's public address when it started: the e-mail sent when it ends is made without a request. */
        @JsonProperty("baseUri")
        public String baseUri;
        @JsonProperty("readyNoticeSent")
        public boolean readyNoticeSent;
    }

    private Data data;

    private RecoveryRecord() {
    }

    public static RecoveryRecord create(Data data, long createdAtMillis) {
        RecoveryRecord record = new RecoveryRecord();
        record.data = data;
        record.setType(TYPE);
        record.setCreatedDate(createdAtMillis);
        record.setUserLabel("Account recovery");
        CredentialFormat.write(record, data, java.util.Map.of());
        return record;
    }

    public static RecoveryRecord from(CredentialModel stored) {
        RecoveryRecord record = new RecoveryRecord();
        record.data = CredentialFormat.readData(stored, Data.class, new Data());
        CredentialFormat.copyStored(stored, record);
        return record;
    }

    public Data data() {
        return data;
    }

    /** Writes changed data back into the model (to be stored with {@code updateStoredCredential}). */
    public RecoveryRecord rewrite() {
        CredentialFormat.write(this, data, java.util.Map.of());
        return this;
    }
}

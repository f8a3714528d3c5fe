package io.github.twofold.credential;

import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.code.BackupCodeHashes;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.keycloak.credential.CredentialModel;

/**
 * A set of backup codes: one salted PBKDF2 hash per code, in slot order. Which codes are used is
 * not stored here but in Twofold's used-secret table (exactly-once across nodes), so this
 * credential never changes after it is created and no cache can hold a stale "unused".
 */
public class BackupCodesCredentialModel extends CredentialModel {

    public static final String TYPE = CredentialTypes.BACKUP_CODES;
    public static final String ALGORITHM = "pbkdf2-sha256";

    public static class Data extends CredentialFormat.Versioned {
        @JsonProperty("total")
        public int total;
        @JsonProperty("offset")
        public int offset;
        @JsonProperty("algorithm")
        public String algorithm;
        @JsonProperty("iterations")
        public int iterations;
    }

    public static class Secret {
        /** {@code <base64 salt>:<base64 hash>} per slot. */
        @JsonProperty("codes")
        public List<String> codes;
    }

    private Data data;
    private Secret secret;

    private BackupCodesCredentialModel() {
    }

    public static BackupCodesCredentialModel create(Data data, Secret secret, long createdAt) {
        BackupCodesCredentialModel model = new BackupCodesCredentialModel();
        model.data = data;
        model.secret = secret;
        model.setType(TYPE);
        model.setCreatedDate(createdAt);
        model.setUserLabel(null);
        CredentialFormat.write(model, data, secret);
        return model;
    }

    /** A generated set as it is stored: every code hashed with the production iteration count. */
    public static BackupCodesCredentialModel hashed(BackupCodeFormat.GeneratedSet generated, long createdAt) {
        Data data = new Data();
        data.total = generated.codes().size();
        data.offset = generated.offset();
        data.algorithm = ALGORITHM;
        data.iterations = BackupCodeHashes.ITERATIONS;
        Secret secret = new Secret();
        secret.codes = BackupCodeHashes.hash(generated.codes(), BackupCodeHashes.ITERATIONS);
        return create(data, secret, createdAt);
    }

    public static BackupCodesCredentialModel from(CredentialModel stored) {
        BackupCodesCredentialModel model = new BackupCodesCredentialModel();
        model.data = CredentialFormat.readData(stored, Data.class, new Data());
        model.secret = CredentialFormat.readSecret(stored, Secret.class, null);
        CredentialFormat.copyStored(stored, model);
        return model;
    }

    public Data data() {
        return data;
    }

    public Secret secret() {
        return secret;
    }

}

package io.github.twofold.credential;

import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.code.CodeInput;
import io.github.twofold.code.BackupCodeHashes;
import io.github.twofold.store.UsedSecrets;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Generating and checking backup codes. Any unused code works, in any order; a check costs one
 * PBKDF2 hash whatever the number of codes left (the code's first character names its slot);
 * use is exactly-once through {@link UsedSecrets}.
 */
public final class BackupCodes {

    /** Auth-session note set by the login step when a code was used; the value is how many are left. */
    public static final String USED_IN_LOGIN_NOTE = "twofold.backup-code-used";

    private final KeycloakSession session;
    private final RealmModel realm;

    public BackupCodes(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Result of checking a typed code. */
    public enum Check { NOT_A_CODE, WRONG, ALREADY_USED, OK }

    public record Verification(Check check, int remaining) {
    }

    /** The user's current set, if any. */
    public Optional<BackupCodesCredentialModel> current(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(BackupCodesCredentialModel.TYPE)
                .max(java.util.Comparator.comparingLong(c -> c.getCreatedDate() == null ? 0 : c.getCreatedDate()))
                .map(BackupCodesCredentialModel::from);
    }

    public int remaining(BackupCodesCredentialModel set) {
        return Math.max(0, set.data().total - new UsedSecrets(session).countUsed(set.getId()));
    }

    public int remaining(UserModel user) {
        return current(user).map(this::remaining).orElse(0);
    }

    /**
     * Makes a generated set the user's only set: hashes every code and replaces all existing sets
     * in the caller's transaction, so old and new never both work. Returns the new set's credential id.
     */
    public String activate(UserModel user, BackupCodeFormat.GeneratedSet generated) {
        BackupCodesCredentialModel model = BackupCodesCredentialModel.hashed(generated, Time.currentTimeMillis());
        removeAll(user);
        return user.credentialManager().createStoredCredential(model).getId();
    }

    public void removeAll(UserModel user) {
        UsedSecrets used = new UsedSecrets(session);
        for (CredentialModel old : user.credentialManager().getStoredCredentialsByTypeStream(BackupCodesCredentialModel.TYPE).toList()) {
            user.credentialManager().removeStoredCredentialById(old.getId());
            used.deleteForCredential(old.getId());
        }
    }

    /** Checks a typed code and, if right and unused, uses it up. */
    public Verification verify(UserModel user, String typed) {
        Optional<BackupCodesCredentialModel> found = current(user);
        if (found.isEmpty()) {
            return new Verification(Check.WRONG, 0);
        }
        BackupCodesCredentialModel set = found.get();
        String normalized = CodeInput.alphanumeric(typed, BackupCodeFormat.LENGTH);
        int slot = BackupCodeHashes.check(set.secret().codes, set.data().offset, set.data().iterations, normalized);
        if (slot == BackupCodeHashes.NOT_A_CODE) {
            return new Verification(Check.NOT_A_CODE, remaining(set));
        }
        if (slot == BackupCodeHashes.WRONG) {
            return new Verification(Check.WRONG, remaining(set));
        }
        if (!new UsedSecrets(session).markUsed(realm.getId(), user.getId(), set.getId(), slot)) {
            return new Verification(Check.ALREADY_USED, remaining(set));
        }
        return new Verification(Check.OK, remaining(set));
    }
}

package io.github.twofold.emergency;

import io.github.twofold.code.SecretHash;
import io.github.twofold.store.UsedSecrets;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Emergency access for a user who lost every second factor: an admin grants ONE use of a one-time
 * code for a short time; the user signs in with password + that code once and must then enroll a
 * new second factor. Granting replaces any earlier grant; using, revoking or replacing removes it;
 * single use holds across nodes through {@link UsedSecrets}.
 */
public final class EmergencyAccess {

    /** The login step that accepts emergency codes. */
    public static final String AUTHENTICATOR_ID = "twofold-emergency-access";
    /** Realm-management role an admin needs (in addition to managing the user) to grant. */
    public static final String ROLE = "twofold-emergency-access";
    /** Auth-session note: this login used an emergency code (allows enrolling a new factor in it). */
    public static final String USED_IN_LOGIN_NOTE = "twofold.emergency.used";
    public static final int DEFAULT_LIFETIME_MINUTES = 15;
    /** No realm policy can allow longer. */
    public static final int MAX_LIFETIME_MINUTES = 60;
    public static final int MAX_REASON_LENGTH = 500;
    public static final int ITERATIONS = 10_000;

    private final KeycloakSession session;
    private final RealmModel realm;

    public EmergencyAccess(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A new grant and its code, shown once. */
    public record Issued(EmergencyGrant grant, String code) {
    }

    public enum Check { OK, NONE, NOT_A_CODE, WRONG, EXPIRED, ALREADY_USED }

    /** What {@link #use} found, and the grant it checked (null when there was none). */
    public record Use(Check check, EmergencyGrant grant) {
    }

    /** Replaces any grant of the user with a new one. */
    public Issued grant(UserModel user, UserModel admin, String reason, int lifetimeMinutes) {
        revoke(user);
        String code = EmergencyCode.generate();
        EmergencyGrant.Data data = new EmergencyGrant.Data();
        data.expiresAt = Time.currentTime() + lifetimeMinutes * 60L;
        data.reason = reason;
        data.grantedById = admin.getId();
        data.grantedBy = admin.getUsername();
        data.iterations = ITERATIONS;
        EmergencyGrant.Secret secret = new EmergencyGrant.Secret();
        secret.hash = SecretHash.storedPbkdf2(code, ITERATIONS);
        CredentialModel stored = user.credentialManager().createStoredCredential(
                EmergencyGrant.create(data, secret, Time.currentTimeMillis()));
        // First in the user's credential order: Keycloak then shows the emergency step first, and
        // no SMS goes to a phone the user reported lost ("Try another way" still lists the others).
        user.credentialManager().moveStoredCredentialTo(stored.getId(), null);
        return new Issued(EmergencyGrant.from(stored), code);
    }

    /** The user's grant, expired or not. */
    public Optional<EmergencyGrant> current(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(EmergencyGrant.TYPE).findFirst().map(EmergencyGrant::from);
    }

    /** The user's grant while it can still be used. */
    public Optional<EmergencyGrant> active(UserModel user) {
        long now = Time.currentTime();
        return current(user).filter(g -> !g.expired(now));
    }

    /** Removes the user's grant; true if there was one. */
    public boolean revoke(UserModel user) {
        boolean any = false;
        for (CredentialModel c : user.credentialManager().getStoredCredentialsByTypeStream(EmergencyGrant.TYPE).toList()) {
            user.credentialManager().removeStoredCredentialById(c.getId());
            any = true;
        }
        return any;
    }

    /**
     * Checks a typed code and, when it is right and the grant still valid, uses the grant up (once,
     * on any node) and removes it. A right code of an expired grant removes the grant as well.
     */
    public Use use(UserModel user, String typed) {
        EmergencyGrant g = current(user).orElse(null);
        if (g == null) {
            return new Use(Check.NONE, null);
        }
        String code = EmergencyCode.normalize(typed);
        if (code == null) {
            return new Use(Check.NOT_A_CODE, g);
        }
        if (!SecretHash.matchesStoredPbkdf2(g.secret().hash, code, g.data().iterations)) {
            return new Use(Check.WRONG, g);
        }
        if (g.expired(Time.currentTime())) {
            user.credentialManager().removeStoredCredentialById(g.getId());
            return new Use(Check.EXPIRED, g);
        }
        if (!new UsedSecrets(session).markUsed(realm.getId(), user.getId(), g.getId(), 0)) {
            return new Use(Check.ALREADY_USED, g);
        }
        user.credentialManager().removeStoredCredentialById(g.getId());
        return new Use(Check.OK, g);
    }
}

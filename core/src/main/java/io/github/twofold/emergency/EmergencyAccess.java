package io.github.twofold.emergency;

import io.github.twofold.code.SecretHash;
import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.SmsCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
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

    /**
     * The one name of emergency access: the grant's credential type, the login step, the admin
     * role and the admin REST resource all carry it (each is stored in realms or called by
     * clients under it, so it stays as it is).
     */
    public static final String NAME = CredentialTypes.EMERGENCY_GRANT;
    /** The login step that accepts emergency codes. */
    public static final String AUTHENTICATOR_ID = NAME;
    /** Realm-management role an admin needs (in addition to managing the user) to grant. */
    public static final String ROLE = NAME;
    /**
     * Auth-session note: this login used an emergency code or completed a self-service recovery
     * (allows enrolling a new factor in it); its value is the method ({@code true} for an
     * emergency code, as stored by earlier versions, or {@code recovery}).
     */
    public static final String USED_IN_LOGIN_NOTE = "twofold.emergency.used";
    /** The note's value when a self-service recovery, not an emergency code, allows the new factor. */
    public static final String BY_RECOVERY = "recovery";
    /** Auth-session note: ids of the credentials the user lost, to retire once a new factor is set up. */
    public static final String RETIRE_NOTE = "twofold.emergency.retire";
    public static final int DEFAULT_LIFETIME_MINUTES = 15;
    /** No realm policy can allow longer. */
    public static final int MAX_LIFETIME_MINUTES = PolicySchema.EMERGENCY_LIFETIME_CAP_MINUTES;
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

    public enum Check { OK, NONE, NOT_A_CODE, WRONG, EXPIRED, ALREADY_USED, NOT_VALID }

    /** What {@link #use} found, and the grant it checked (null when there was none). */
    public record Use(Check check, EmergencyGrant grant) {
    }

    /** Replaces any grant of the user with a new one. */
    public Issued grant(UserModel user, UserModel admin, String reason, int lifetimeMinutes, EmergencyGrant.Lost lost) {
        revoke(user);
        String code = EmergencyCode.generate();
        EmergencyGrant.Data data = new EmergencyGrant.Data();
        data.expiresAt = Time.currentTime() + lifetimeMinutes * 60L;
        data.reason = reason;
        data.grantedById = admin.getId();
        data.grantedBy = admin.getUsername();
        data.iterations = ITERATIONS;
        data.lost = lost.value();
        EmergencyGrant.Secret secret = new EmergencyGrant.Secret();
        secret.hash = SecretHash.storedPbkdf2(code, ITERATIONS);
        CredentialModel stored = user.credentialManager().createStoredCredential(
                EmergencyGrant.create(data, secret, Time.currentTimeMillis()));
        // First in the user's credential order: Keycloak then shows the emergency step first, and
        // no SMS goes to a phone the user reported lost ("Try another way" still lists the others).
        user.credentialManager().moveStoredCredentialTo(stored.getId(), null);
        return new Issued(EmergencyGrant.from(stored), code);
    }

    /**
     * What the grant endpoint guarantees, checked again at use: a lifetime within the realm's
     * maximum as it is now, and an admin other than the user.
     */
    private boolean plausible(UserModel user, EmergencyGrant g) {
        long lifetime = g.data().expiresAt - g.getCreatedDate() / 1000;
        int max = TwofoldPolicy.of(realm).emergencyAccessMaxLifetimeMinutes() * 60;
        return lifetime <= max && g.data().grantedById != null && !g.data().grantedById.equals(user.getId());
    }

    /**
     * Notes, in the emergency sign-in, the credentials the grant says the user lost: retired once
     * the sign-in has set up a new factor ({@link #retireLost}), not before, so the account is
     * never left without any factor.
     */
    public static void noteLost(UserModel user, AuthenticationSessionModel authSession, EmergencyGrant grant) {
        EmergencyGrant.Lost lost = EmergencyGrant.Lost.of(grant.data().lost);
        if (lost != null) {
            noteLost(user, authSession, lost);
        }
    }

    /** As above, for what was lost (a completed self-service recovery notes {@link EmergencyGrant.Lost#ALL}). */
    public static void noteLost(UserModel user, AuthenticationSessionModel authSession, EmergencyGrant.Lost lost) {
        String ids = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> lost == EmergencyGrant.Lost.PHONE ? SmsCredentialModel.TYPE.equals(c.getType()) : SecondFactors.isSecondFactor(c.getType()))
                .map(CredentialModel::getId)
                .collect(java.util.stream.Collectors.joining(","));
        authSession.setAuthNote(RETIRE_NOTE, lost.value() + ":" + ids);
    }

    /** What {@link #retireLost} removed: what was lost and the masked phone, if a phone went. */
    public record Retired(EmergencyGrant.Lost lost, int count, String maskedPhone) {
    }

    /** Removes the credentials noted as lost (those still there); null when nothing was noted. */
    public static Retired retireLost(UserModel user, AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(RETIRE_NOTE);
        if (note == null) {
            return null;
        }
        authSession.removeAuthNote(RETIRE_NOTE);
        int colon = note.indexOf(':');
        EmergencyGrant.Lost lost = EmergencyGrant.Lost.of(note.substring(0, colon));
        int count = 0;
        String phone = null;
        for (String id : note.substring(colon + 1).split(",")) {
            CredentialModel credential = id.isEmpty() ? null : user.credentialManager().getStoredCredentialById(id);
            if (credential == null) {
                continue;
            }
            if (SmsCredentialModel.TYPE.equals(credential.getType())) {
                phone = SmsCredentialModel.from(credential).maskedPhoneNumber();
            }
            user.credentialManager().removeStoredCredentialById(id);
            count++;
        }
        return new Retired(lost, count, phone);
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
        if (!plausible(user, g)) {
            // made outside the grant endpoint (a database edit, an old export): never honoured
            user.credentialManager().removeStoredCredentialById(g.getId());
            return new Use(Check.NOT_VALID, g);
        }
        if (!new UsedSecrets(session).markUsed(realm.getId(), user.getId(), g.getId(), 0)) {
            return new Use(Check.ALREADY_USED, g);
        }
        user.credentialManager().removeStoredCredentialById(g.getId());
        return new Use(Check.OK, g);
    }

    /** The method of the sign-in that may replace lost factors ({@code emergency} or {@code recovery}), or null. */
    public static String replacingMethod(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(USED_IN_LOGIN_NOTE);
        return note == null ? null : BY_RECOVERY.equals(note) ? BY_RECOVERY : "emergency";
    }
}

package io.github.twofold.recovery;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.emergency.EmergencyGrant;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.report.ReportHold;
import io.github.twofold.store.UsedSecrets;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Self-service recovery of a lost second factor, with a waiting period: a user who can use none of
 * their factors and has no backup codes left proves the verified e-mail address with a code, waits
 * (the policy's {@code recoveryWaitHours}; e-mailed at once and when it ends), and only then, with
 * the password and a new e-mailed code, signs in once to set up a new factor; the old ones are
 * retired as after emergency access ({@link EmergencyAccess#noteLost}). A sign-in with a working
 * factor, a "this wasn't me" report or an administrator cancels it. The one place for these rules:
 * the step, its condition, the sign-in rules, the report page, the admin API and the timer ask here.
 */
public final class AccountRecovery {

    public static final String TYPE = CredentialTypes.ACCOUNT_RECOVERY;
    /** The step's provider id: the record's type, which the sign-in rules know it by. */
    public static final String AUTHENTICATOR_ID = TYPE;
    /** Once its waiting period has ended, a recovery is used within this time or lapses. */
    public static final Duration USABLE_FOR = Duration.ofDays(7);
    /** What the "this wasn't me" links of the recovery's e-mails report. */
    public static final String CODE_NOTICE = "RECOVERY_CODE_SENT";
    public static final String STARTED_NOTICE = "RECOVERY_STARTED";
    public static final String READY_NOTICE = "RECOVERY_READY";
    public static final Set<String> NOTICES = Set.of(CODE_NOTICE, STARTED_NOTICE, READY_NOTICE);

    /** Where a user's recovery stands. */
    public enum Phase { NONE, WAITING, READY }

    /** A user's phase and its record (null for {@link Phase#NONE}). */
    public record State(Phase phase, RecoveryRecord record) {
        static final State NONE = new State(Phase.NONE, null);
    }

    /** Why a recovery ended without setting up a factor ({@code twofold_reason}). */
    public enum Cancellation {
        FACTOR_SIGN_IN, REPORTED_BY_USER, ADMIN, EXPIRED, EMAIL_CHANGED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public AccountRecovery(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Offered where the policy's waiting period is not 0 and the realm can send e-mail, to a user
     * with a verified address who holds a second factor (a way back to one, not a way around having
     * one) and no backup codes, never to a member of the groups that must use passkeys, and never
     * while a "this wasn't me" report holds the user's factors.
     */
    public static boolean offered(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return policy.recoveryWaitHours() > 0 && realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty()
                && user != null && user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified()
                && !ReportHold.holds(user)
                && !FactorKinds.phishingResistantOnly(session, realm, user, policy)
                && SecondFactors.hasAny(session, realm, user)
                && !hasBackupCodes(session, realm, user);
    }

    private static boolean hasBackupCodes(KeycloakSession session, RealmModel realm, UserModel user) {
        return new BackupCodes(session, realm).remaining(user) > 0
                || user.credentialManager().getStoredCredentialsByTypeStream(RecoveryAuthnCodesCredentialModel.TYPE).findAny().isPresent();
    }

    /** The user's recovery: none, waiting, or ready (a lapsed one, or one for another address, is none). */
    public State state(UserModel user) {
        Optional<RecoveryRecord> record = current(user);
        if (record.isEmpty()) {
            return State.NONE;
        }
        RecoveryRecord.Data data = record.get().data();
        long now = Time.currentTime();
        if (lapsed(data, now) || !boundTo(user, data)) {
            return State.NONE;
        }
        return new State(now >= data.readyAt ? Phase.READY : Phase.WAITING, record.get());
    }

    /** Whether the record was started for the user's current e-mail address (a changed address voids it). */
    static boolean boundTo(UserModel user, RecoveryRecord.Data data) {
        return user.getEmail() != null && EmailCodeSender.target(user.getEmail()).equals(data.address);
    }

    static boolean lapsed(RecoveryRecord.Data data, long now) {
        return now >= data.readyAt + USABLE_FOR.toSeconds();
    }

    /** The user's open record, the oldest when parallel starts made two. */
    public Optional<RecoveryRecord> current(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE)
                .min(Comparator.comparing(CredentialModel::getCreatedDate, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(RecoveryRecord::from);
    }

    /** Starts the waiting period for the user's current address (replacing a record that no longer counts). */
    public RecoveryRecord start(UserModel user, TwofoldPolicy policy, String baseUri) {
        cancel(user);
        long now = Time.currentTime();
        RecoveryRecord.Data data = new RecoveryRecord.Data();
        data.startedAt = now;
        data.readyAt = now + policy.recoveryWaitHours() * 3600L;
        data.address = EmailCodeSender.target(user.getEmail());
        data.baseUri = baseUri;
        CredentialModel stored = user.credentialManager().createStoredCredential(RecoveryRecord.create(data, Time.currentTimeMillis()));
        return RecoveryRecord.from(stored);
    }

    /**
     * Uses a ready recovery up, once on any node (a second tab or node finds it used), and notes in
     * this sign-in that it may set up a new factor, after which every factor from before is
     * retired. False when it was used or cancelled meanwhile.
     */
    public boolean complete(UserModel user, RecoveryRecord record, AuthenticationSessionModel authSession) {
        if (!new UsedSecrets(session).markUsed(realm.getId(), user.getId(), record.getId(), 0)
                || !user.credentialManager().removeStoredCredentialById(record.getId())) {
            return false;
        }
        authSession.setAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE, EmergencyAccess.BY_RECOVERY);
        EmergencyAccess.noteLost(user, authSession, EmergencyGrant.Lost.ALL);
        return true;
    }

    /** Ends the user's open recovery, if any; whether there was one. */
    public boolean cancel(UserModel user) {
        boolean any = false;
        for (CredentialModel stored : user.credentialManager().getStoredCredentialsByTypeStream(TYPE).toList()) {
            any |= user.credentialManager().removeStoredCredentialById(stored.getId());
        }
        return any;
    }

    /** Cancels the user's open recovery and records why; whether there was one. */
    public boolean cancel(UserModel user, Cancellation why, EventBuilder event) {
        if (!cancel(user)) {
            return false;
        }
        event(event, user, TwofoldEvent.RECOVERY_CANCELLED).detail(TwofoldEvents.REASON, why.value()).success();
        return true;
    }

    /** The recovery's event: {@code CUSTOM_REQUIRED_ACTION} with {@code twofold_event} and method {@code recovery}. */
    public static EventBuilder event(EventBuilder event, UserModel user, TwofoldEvent what) {
        return TwofoldEvents.action(event, what, TwofoldEvents.METHOD_RECOVERY).user(user);
    }

    /** One open recovery, for the admin's list and the timer. */
    public record Open(String realmId, String userId, String username, RecoveryRecord record) {
    }

    /**
     * Open recoveries, read from Keycloak's credential table: of one realm ({@code realmId}), or of
     * every realm (null). Users of a federation that keeps credentials elsewhere are not listed.
     */
    public static List<Open> open(KeycloakSession session, String realmId, int first, int max) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        String where = realmId == null ? "" : " and c.user.realmId = :realm";
        var query = em.createQuery("select c.id, c.user.realmId, c.user.id, c.user.username, c.credentialData, c.createdDate from CredentialEntity c"
                        + " where c.type = :type" + where + " order by c.createdDate, c.id", Object[].class)
                .setParameter("type", TYPE)
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, Math.min(max, 1000)));
        if (realmId != null) {
            query.setParameter("realm", realmId);
        }
        return query.getResultList().stream().map(row -> {
            CredentialModel stored = new CredentialModel();
            stored.setId((String) row[0]);
            stored.setType(TYPE);
            stored.setCredentialData((String) row[4]);
            stored.setCreatedDate((Long) row[5]);
            return new Open((String) row[1], (String) row[2], (String) row[3], RecoveryRecord.from(stored));
        }).toList();
    }
}

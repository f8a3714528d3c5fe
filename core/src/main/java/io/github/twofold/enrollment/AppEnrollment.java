package io.github.twofold.enrollment;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.CredentialValidation;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.utils.CredentialHelper;

/**
 * Setting up an authenticator app outside Keycloak's own page (the app API): a secret kept on the
 * server for one user session, then one code from the app that proves the app holds it, through the
 * shared verification pipeline (counted before it is looked at, five tries per enrollment, the
 * account's delay and lock), and the credential stored once however many confirmations race.
 * Whether the caller may change factors at all is the door's question, asked before.
 */
public final class AppEnrollment {

    public static final int LIFETIME_SECONDS = PendingAppEnrollments.LIFETIME_SECONDS;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{6,8}");
    private static final int ATTEMPTS = 5;

    /** A started enrollment: the secret is shown this once. */
    public record Started(String id, String secret, String otpauthUri) {
    }

    /** What became of a confirmation. */
    public enum Status { STORED, NOT_FOUND, REFUSED, WRONG, ALREADY_CONFIRMED, DUPLICATE_LABEL, EXPIRED_WHILE_CHECKED }

    public record Outcome(Status status, String credentialId, LimitDecision refusal) {
        static Outcome of(Status status) {
            return new Outcome(status, null, null);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;
    private final PendingAppEnrollments pending;

    public AppEnrollment(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.pending = new PendingAppEnrollments(session, realm);
    }

    public Started start(UserModel user, String userSessionId) {
        String secret = HmacOTP.generateSecret(20);
        PendingAppEnrollments.Pending started = pending.start(userSessionId, secret);
        return new Started(started.id(), secret, realm.getOTPPolicy().getKeyURI(realm, user, secret));
    }

    /** Whether the user has an app of this name: Keycloak refuses a second one (its names are compared ignoring case). */
    private static boolean labelTaken(UserModel user, String label) {
        return label != null && user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .anyMatch(c -> c.getUserLabel() != null && c.getUserLabel().equalsIgnoreCase(label.trim()));
    }

    /** Removes the app stored with {@code secret} (a new random secret: only the one just stored has it). */
    private static void removeStored(UserModel user, String secret) {
        user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .filter(c -> secret.equals(OTPCredentialModel.createFromCredentialModel(c).getOTPSecretData().getValue()))
                .map(CredentialModel::getId).toList()
                .forEach(id -> user.credentialManager().removeStoredCredentialById(id));
    }

    /**
     * Checks {@code code} against the enrollment {@code enrollmentId} of this user session and
     * stores the app when it is right. Events (with {@code event} as the template) say what happened.
     */
    public Outcome confirm(UserModel user, String userSessionId, String enrollmentId, String code, String label, EventBuilder event) {
        Optional<PendingAppEnrollments.Pending> found = pending.find(enrollmentId, userSessionId);
        if (found.isEmpty()) {
            return Outcome.of(Status.NOT_FOUND);
        }
        OTPCredentialModel model = OTPCredentialModel.createFromPolicy(realm, found.get().secret(), label);
        VerificationGuard.Verification<CodeCheck> verification = new VerificationGuard(session, realm, policy)
                .verify(user, ClientAddress.limitKey(session, policy),
                        Optional.of(new VerificationGuard.CodeCap("app-enrollment:" + enrollmentId, ATTEMPTS, LIFETIME_SECONDS)),
                        () -> !DIGITS.matcher(code).matches() ? CodeCheck.notACode(code)
                                : CredentialValidation.validOTP(code, model, realm.getOTPPolicy().getLookAheadWindow()) ? CodeCheck.OK : CodeCheck.WRONG,
                        c -> c == CodeCheck.OK);
        if (verification.refused()) {
            return new Outcome(Status.REFUSED, null, verification.refusal());
        }
        if (!verification.accepted()) {
            event.clone().event(EventType.UPDATE_CREDENTIAL_ERROR).detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.APP_ENROLLMENT_CODE_WRONG.key()).error("invalid_totp");
            if (verification.locked()) {
                TwofoldEvents.locked(event, user, TwofoldPolicy.METHOD_APP, verification.lockedForSeconds());
            }
            return Outcome.of(Status.WRONG);
        }
        if (labelTaken(user, label)) {
            return Outcome.of(Status.DUPLICATE_LABEL); // before the enrollment is used up: another name, and the same app confirms
        }
        if (!pending.finish(found.get())) {
            return Outcome.of(Status.ALREADY_CONFIRMED);
        }
        try {
            if (!CredentialHelper.createOTPCredential(session, realm, user, code, model)) {
                // Keycloak stores the app before it checks the code again: the code's step ended in between
                removeStored(user, found.get().secret());
                return Outcome.of(Status.EXPIRED_WHILE_CHECKED);
            }
        } catch (ModelDuplicateException duplicate) {
            return Outcome.of(Status.DUPLICATE_LABEL);
        }
        String id = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .max(Comparator.comparing(c -> c.getCreatedDate() == null ? 0L : c.getCreatedDate()))
                .map(CredentialModel::getId).orElse(null);
        TwofoldEvents.credentialChanged(event, OTPCredentialModel.TYPE, TwofoldEvent.APP_ADDED, TwofoldPolicy.METHOD_APP)
                .detail(Details.CREDENTIAL_ID, id).success();
        return new Outcome(Status.STORED, id, null);
    }
}

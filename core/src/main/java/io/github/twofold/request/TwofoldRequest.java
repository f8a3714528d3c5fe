package io.github.twofold.request;

import io.github.twofold.credential.BackupCodes;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.enrollment.AppEnrollment;
import io.github.twofold.enrollment.PhoneEnrollment;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.sms.SmsCodeSender;
import io.github.twofold.trust.TrustedBrowsers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Twofold's services for one request and one realm, the way every door reaches them: the realm's
 * policy is read once for the request, and each service is made once and shared by every step,
 * action or resource the request passes through. Kept on the Keycloak session, so it ends with the
 * request.
 */
public final class TwofoldRequest {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;
    private BackupCodes backupCodes;
    private VerificationGuard guard;
    private TrustedBrowsers trustedBrowsers;
    private SmsCodeSender smsSender;
    private EmergencyAccess emergencyAccess;

    private TwofoldRequest(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = TwofoldPolicy.of(realm);
    }

    /** This request's services for {@code realm} (a request of the master realm's admin may touch several realms). */
    public static TwofoldRequest of(KeycloakSession session, RealmModel realm) {
        String key = TwofoldRequest.class.getName() + ":" + realm.getId();
        TwofoldRequest known = session.getAttribute(key, TwofoldRequest.class);
        if (known == null) {
            known = new TwofoldRequest(session, realm);
            session.setAttribute(key, known);
        }
        return known;
    }

    public KeycloakSession session() {
        return session;
    }

    public RealmModel realm() {
        return realm;
    }

    /**
     * The realm's policy as it was when the request first asked. For a rule about one user's
     * sign-in, {@link #policyFor(UserModel)}: the settings an organization may change differ there.
     */
    public TwofoldPolicy policy() {
        return policy;
    }

    /** The policy of {@code user}'s sign-in: the realm's, with the overrides of the user's organization for it ({@link OrganizationPolicy}). */
    public TwofoldPolicy policyFor(UserModel user) {
        return OrganizationPolicy.forUser(session, realm, user, policy);
    }

    public BackupCodes backupCodes() {
        if (backupCodes == null) {
            backupCodes = new BackupCodes(session, realm);
        }
        return backupCodes;
    }

    /** Code checks: attempts, the second-step lock, what Keycloak's brute-force detector hears. */
    public VerificationGuard guard() {
        if (guard == null) {
            guard = new VerificationGuard(session, realm, policy);
        }
        return guard;
    }

    public TrustedBrowsers trustedBrowsers() {
        if (trustedBrowsers == null) {
            trustedBrowsers = new TrustedBrowsers(session, realm, policy);
        }
        return trustedBrowsers;
    }

    public SmsCodeSender smsSender() {
        if (smsSender == null) {
            smsSender = new SmsCodeSender(session, realm, policy);
        }
        return smsSender;
    }

    public EmergencyAccess emergencyAccess() {
        if (emergencyAccess == null) {
            emergencyAccess = new EmergencyAccess(session, realm);
        }
        return emergencyAccess;
    }

    public PhoneEnrollment phoneEnrollment() {
        return new PhoneEnrollment(session, realm, policy);
    }

    public AppEnrollment appEnrollment() {
        return new AppEnrollment(session, realm, policy);
    }
}

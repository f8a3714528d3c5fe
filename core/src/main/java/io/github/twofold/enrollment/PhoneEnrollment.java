package io.github.twofold.enrollment;

import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.phone.PhoneNumber;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.sms.SmsCodeCheck;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.KeycloakBruteForce;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.keycloak.common.ClientConnection;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Confirming a phone with the code sent to it, and storing it: the one path the "set up phone" page
 * and the app API share. The typed code goes through the shared verification pipeline (counted
 * before it is looked at, capped per code, the account's delay and lock), a wrong code is also
 * reported to Keycloak's brute-force detector, and the verified phone replaces any previous one in
 * the request's transaction.
 */
public final class PhoneEnrollment {

    /** What became of a typed code. */
    public enum Status { STORED, NO_CODE, REFUSED, WRONG }

    public record Outcome(Status status, PendingCode code, LimitDecision refusal, CodeCheck check, boolean locked) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;

    public PhoneEnrollment(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    /**
     * Checks {@code typed} against the pending code; stores the phone when it is right. Events (with
     * {@code event} as the template) say what happened.
     */
    public Outcome confirm(UserModel user, PendingCodes pending, String typed, EventBuilder event, ClientConnection connection, UriInfo uri) {
        PendingCode code = pending.get();
        if (code == null) {
            return new Outcome(Status.NO_CODE, null, null, null, false);
        }
        VerificationGuard.Verification<CodeCheck> verification = new VerificationGuard(session, realm, policy)
                .verify(user.getId(), ClientAddress.limitKey(session, policy), VerificationGuard.CodeCap.ofSmsCode(code, policy),
                        () -> SmsCodeCheck.check(session, pending, code, code.target(), code.target(), typed, policy.smsCodeLength()),
                        c -> c == CodeCheck.OK, c -> c == CodeCheck.UNAVAILABLE, true);
        if (verification.refused()) {
            TwofoldEvents.limit(TwofoldEvents.action(event, TwofoldEvent.PHONE_VERIFICATION_REFUSED, TwofoldEvents.METHOD_SMS), verification.refusal())
                    .error("twofold_limit");
            return new Outcome(Status.REFUSED, code, verification.refusal(), null, false);
        }
        if (!verification.accepted()) {
            CodeCheck check = verification.result();
            TwofoldEvents.action(event, TwofoldEvent.PHONE_VERIFICATION_FAILED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.REASON, check.reason()).detail(TwofoldEvents.PHONE, PhoneMask.mask(code.target()))
                    .error("invalid_code");
            if (check != CodeCheck.UNAVAILABLE) { // the gateway's outage is not the person's failure (and was not counted)
                KeycloakBruteForce.failedSecondFactor(session, realm, user, connection, uri);
            }
            if (verification.locked()) {
                pending.discard();
                TwofoldEvents.locked(event, user, TwofoldEvents.METHOD_SMS, verification.lockedForSeconds());
            }
            return new Outcome(Status.WRONG, code, null, check, verification.locked());
        }
        store(user, code.target(), event);
        return new Outcome(Status.STORED, code, null, CodeCheck.OK, false);
    }

    /**
     * Stores the verified phone in place of any previous one, in the request's transaction: the
     * previous one goes first, so the same number (a new SIM) or one with the same label can come
     * back, and the request fails whole or not at all.
     */
    private void store(UserModel user, String e164, EventBuilder event) {
        List<CredentialModel> previous = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).toList();
        PhoneNumbers.Result parsed = PhoneNumbers.parse(e164, TwofoldPolicy.defaults());
        PhoneNumber number = parsed.ok() ? parsed.number() : new PhoneNumber(e164, PhoneNumbers.regionOf(e164), "UNKNOWN");
        for (CredentialModel old : previous) {
            user.credentialManager().removeStoredCredentialById(old.getId());
        }
        CredentialModel created = user.credentialManager().createStoredCredential(SmsCredentialModel.create(number));
        TwofoldEvents.credentialChanged(event, SmsCredentialModel.TYPE, previous.isEmpty() ? TwofoldEvent.PHONE_ENROLLED : TwofoldEvent.PHONE_REPLACED, TwofoldEvents.METHOD_SMS)
                .detail(Details.CREDENTIAL_ID, created.getId())
                .detail(TwofoldEvents.PHONE, number.masked())
                .success();
    }
}

package io.github.twofold.authenticator.sms;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.credential.SmsCredentialProvider;
import io.github.twofold.credential.SmsCredentialProviderFactory;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.sms.SmsCodeCheck;
import io.github.twofold.sms.SmsCodeSender;
import io.github.twofold.sms.SmsDispatcher;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-sms-code}: sends a code when the step is first shown (a reload, the back button
 * or a second tab shows the same pending code, never a new SMS), offers a resend after a cooldown
 * that grows with every resend, and checks typed codes through {@link CodeFormAuthenticator}.
 */
public class SmsCodeAuthenticator extends CodeFormAuthenticator implements CredentialValidator<SmsCredentialProvider> {

    public static final String TEMPLATE = "twofold-sms-code.ftl";
    public static final String FIELD_RESEND = "resend";
    /** Auth-session note: the pending code was read out in a call (the page says so), not texted. */
    static final String BY_CALL_NOTE = "twofold.sms.by-call";
    /** "Call me instead": the next code is read out in a phone call. */
    public static final String FIELD_CALL = "call";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_SMS;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        Optional<SmsCredentialModel> phone = phone(context);
        if (phone.isEmpty() || passkeyInstead(context, policy)) {
            context.attempted();
            return;
        }
        PendingCodes pending = pending(context);
        PendingCode code = pending.get();
        if (code == null || !phone.get().getId().equals(code.target())) {
            sendAndShow(context, policy, phone.get(), pending);
            return;
        }
        showPending(context, policy, code);
    }

    /** A member of a phishing-resistant group who has a passkey gets no SMS: the next alternative (the passkey) runs. */
    private static boolean passkeyInstead(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return FactorKinds.refusesTypedCodes(context.getSession(), context.getRealm(), context.getUser(), policy);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        Optional<SmsCredentialModel> phone = phone(context);
        if (phone.isEmpty() || passkeyInstead(context, policy)) {
            context.attempted();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PendingCodes pending = pending(context);
        if (form.containsKey(FIELD_CALL) && callsOffered(context, policy)) {
            sendAndShow(context, policy, phone.get(), pending, SmsCodeSender.Channel.CALL);
            return;
        }
        if (form.containsKey(FIELD_RESEND) || form.containsKey(FIELD_CALL)) {
            sendAndShow(context, policy, phone.get(), pending);
            return;
        }
        PendingCode code = pending.get();
        String typed = form.getFirst(FIELD_CODE);
        // Twofold's code is compared with the pending one in Keycloak's single-use store, so under the
        // counters' lock; a code a gateway made (Twilio Verify) is asked about over the network, never under it
        boolean inMemory = code == null || code.checkedBy() == null;
        boolean ok = attempt(context, policy, VerificationGuard.CodeCap.ofSmsCode(code, policy), inMemory,
                () -> check(context, policy, phone.get(), pending, code, typed));
        if (ok) {
            context.getEvent().detail(TwofoldEvents.PHONE, phone.get().maskedPhoneNumber());
            context.success(SmsCredentialModel.TYPE);
        }
    }

    private Verdict check(AuthenticationFlowContext context, TwofoldPolicy policy, SmsCredentialModel phone, PendingCodes pending,
                          PendingCode code, String typed) {
        CodeCheck check = SmsCodeCheck.check(context.getSession(), pending, code, phone.getId(), phone.phoneNumber(), typed, policy.smsCodeLength());
        return switch (check) {
            case OK -> Verdict.accepted();
            case NO_CODE -> Verdict.rejected("twofoldSmsNoCode", check.reason());
            case EXPIRED -> Verdict.rejected("twofoldSmsCodeExpired", check.reason());
            case EMPTY, MALFORMED, WRONG, ALREADY_USED -> Verdict.rejected("twofoldInvalidCode", check.reason());
            case UNAVAILABLE -> Verdict.unchecked("twofoldCodeCheckUnavailable", check.reason());
        };
    }

    /**
     * Sends a code and shows the page. While a lock holds, the lock page (Keycloak's or Twofold's)
     * is the answer instead, as on a visit without a send; Twofold's lock is read by the send, in
     * its own transaction, not by a read of its own first.
     */
    private void sendAndShow(AuthenticationFlowContext context, TwofoldPolicy policy, SmsCredentialModel phone, PendingCodes pending) {
        sendAndShow(context, policy, phone, pending, SmsCodeSender.Channel.TEXT);
    }

    private void sendAndShow(AuthenticationFlowContext context, TwofoldPolicy policy, SmsCredentialModel phone, PendingCodes pending,
                             SmsCodeSender.Channel channel) {
        if (!enabledUser(context, context.getUser())) {
            return; // Keycloak's own brute-force lock; the challenge is set
        }
        SmsCodeSender sender = TwofoldRequest.of(context.getSession(), context.getRealm()).smsSender();
        SmsCodeSender.Outcome outcome = (heldByLock() ? sender.heldByAccountLock() : sender)
                .send(context.getUser(), phone.phoneNumber(), phone.getId(), pending, context.getEvent(), TwofoldEvent.SMS_SENT, channel);
        if (outcome.sent()) {
            if (channel == SmsCodeSender.Channel.CALL) {
                context.getAuthenticationSession().setAuthNote(BY_CALL_NOTE, "true");
            } else {
                context.getAuthenticationSession().removeAuthNote(BY_CALL_NOTE);
            }
        }
        switch (outcome.status()) {
            case SENT -> context.form().setInfo(channel == SmsCodeSender.Channel.CALL ? "twofoldCallPlaced" : "twofoldSmsCodeSent",
                    phone.displayPhoneNumber());
            case LIMITED -> {
                if (!refusedSend(context, policy, outcome.limit())) {
                    return;
                }
                context.form().setAttribute("twofoldSmsSuspended", outcome.limit().kind() == LimitKind.SMS_PER_REALM);
            }
            case GATEWAY_FAILED -> context.form().setError(channel == SmsCodeSender.Channel.CALL ? "twofoldCallFailed" : "twofoldSmsGatewayFailed");
        }
        context.challenge(page(context, policy));
    }

    @Override
    protected Response page(AuthenticationFlowContext context, TwofoldPolicy policy) {
        Optional<SmsCredentialModel> phone = phone(context);
        PendingCode code = pending(context).get();
        long now = Time.currentTime();
        return render(withTrustOffer(context, policy, context.form())
                .setAttribute("twofoldPhone", phone.map(SmsCredentialModel::displayPhoneNumber).orElse(""))
                .setAttribute("twofoldCodeLength", policy.smsCodeLength())
                .setAttribute("twofoldCodeSent", code != null)
                .setAttribute("twofoldCodeByCall", code != null && context.getAuthenticationSession().getAuthNote(BY_CALL_NOTE) != null)
                .setAttribute("twofoldCallOffered", code != null && callsOffered(context, policy))
                .setAttribute("twofoldResendIn", code == null ? 0 : code.secondsUntilResend(now)));
    }

    /** "Call me instead" is offered where the policy allows calls and a gateway places them. */
    private static boolean callsOffered(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return policy.voicePerUserPerDay() > 0 && !SmsDispatcher.callGateways(context.getSession()).isEmpty();
    }

    @Override
    protected void onLock(AuthenticationFlowContext context) {
        pending(context).discard();
    }

    private static PendingCodes pending(AuthenticationFlowContext context) {
        return PendingCodes.of(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                context.getUser(), PendingCodes.Purpose.LOGIN);
    }

    private Optional<SmsCredentialModel> phone(AuthenticationFlowContext context) {
        return context.getUser().credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
                .findFirst().map(SmsCredentialModel::from);
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.credentialManager().isConfiguredFor(SmsCredentialModel.TYPE);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user.getRequiredActionsStream().noneMatch(SmsCredentialProvider.SET_UP_ACTION::equals)) {
            user.addRequiredAction(SmsCredentialProvider.SET_UP_ACTION);
        }
    }

    @Override
    public SmsCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (SmsCredentialProvider) session.getProvider(CredentialProvider.class, SmsCredentialProviderFactory.PROVIDER_ID);
    }
}

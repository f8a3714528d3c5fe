package io.github.twofold.action.phone;

import io.github.twofold.action.FactorAction;
import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.action.FactorKindGate;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.enrollment.PhoneEnrollment;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.sms.SmsCodeSender;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.FormMessage;

/**
 * {@code twofold-set-up-phone}: the user types a number; it is parsed and checked against the realm
 * policy; a code is sent; only when the code comes back is the phone stored (and any previous phone
 * removed, in the same transaction). Replacing a phone needs a fresh second factor.
 */
public class SetUpPhoneAction extends FactorAction {

    public static final String ENTER_TEMPLATE = "twofold-set-up-phone.ftl";
    public static final String VERIFY_TEMPLATE = "twofold-verify-phone.ftl";
    static final String FIELD_PHONE = "phone";
    static final String FIELD_CODE = "code";
    static final String FIELD_RESEND = "resend";
    static final String FIELD_CHANGE = "change-number";

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!FactorChangeGate.check(context) || !FactorKindGate.check(context, TwofoldPolicy.METHOD_SMS)) {
            return;
        }
        PendingCode code = pending(context).get();
        if (code != null && !code.expired(Time.currentTime())) {
            verifyPage(context, TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()), code);
        } else {
            enterPage(context, TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()), null);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (!FactorChangeGate.check(context) || !FactorKindGate.check(context, TwofoldPolicy.METHOD_SMS)) {
            return;
        }
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PendingCodes pending = pending(context);
        if (form.containsKey(FIELD_CHANGE)) {
            PendingCode code = pending.get();
            if (code != null) {
                pending.withdraw(code, Time.currentTime());
            }
            enterPage(context, policy, null);
        } else if (form.containsKey(FIELD_RESEND)) {
            PendingCode code = pending.get();
            if (code == null || code.target().isEmpty()) {
                enterPage(context, policy, null);
            } else {
                send(context, policy, code.target(), pending, true);
            }
        } else if (form.containsKey(FIELD_PHONE)) {
            submitNumber(context, policy, form.getFirst(FIELD_PHONE), pending);
        } else {
            submitCode(context, policy, form.getFirst(FIELD_CODE), pending);
        }
    }

    private void submitNumber(RequiredActionContext context, TwofoldPolicy policy, String typed, PendingCodes pending) {
        PhoneNumbers.Result parsed = PhoneNumbers.parse(typed, policy);
        if (!parsed.ok()) {
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.PHONE_REJECTED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.REASON, parsed.problem().reason())
                    .error("twofold_phone_rejected");
            enterPage(context, policy, new FormMessage(FIELD_PHONE, parsed.problem().messageKey()));
            return;
        }
        // no discard: the send history (cooldown) carries over to the new number
        send(context, policy, parsed.number().e164(), pending, false);
    }

    private void send(RequiredActionContext context, TwofoldPolicy policy, String e164, PendingCodes pending, boolean resend) {
        SmsCodeSender.Outcome outcome = TwofoldRequest.of(context.getSession(), context.getRealm()).smsSender()
                .send(context.getUser(), e164, e164, pending, context.getEvent(), TwofoldEvent.PHONE_VERIFICATION_SENT);
        switch (outcome.status()) {
            case SENT -> {
                if (resend) { // the page text already says where the first code went
                    context.form().setInfo("twofoldSmsCodeSent", PhoneMask.display(e164));
                }
                verifyPage(context, policy, outcome.code());
            }
            case LIMITED -> {
                FormMessage message = new FormMessage(null, outcome.limit().messageKey(), outcome.limit().messageParameter());
                if (outcome.code() != null && !outcome.code().expired(Time.currentTime())) {
                    context.form().addError(message);
                    verifyPage(context, policy, outcome.code());
                } else {
                    enterPage(context, policy, message);
                }
            }
            case GATEWAY_FAILED -> enterPage(context, policy, new FormMessage(null, "twofoldSmsGatewayFailed"));
        }
    }

    private void submitCode(RequiredActionContext context, TwofoldPolicy policy, String typed, PendingCodes pending) {
        PhoneEnrollment.Outcome outcome = TwofoldRequest.of(context.getSession(), context.getRealm()).phoneEnrollment()
                .confirm(context.getUser(), pending, typed, context.getEvent(), context.getConnection(), context.getUriInfo());
        switch (outcome.status()) {
            case STORED -> context.success();
            case NO_CODE -> enterPage(context, policy, new FormMessage(FIELD_PHONE, "twofoldPhoneVerifyFirst"));
            case REFUSED -> {
                LimitDecision refusal = outcome.refusal();
                if (refusal.kind() == LimitKind.ACCOUNT_LOCK) {
                    pending.discard();
                    context.failure("twofoldSecondFactorLocked");
                    return;
                }
                context.form().addError(new FormMessage(FIELD_CODE, refusal.messageKey(), refusal.messageParameter()));
                verifyPage(context, policy, outcome.code());
            }
            case WRONG -> {
                if (outcome.locked()) {
                    context.failure("twofoldSecondFactorLocked");
                    return;
                }
                context.form().addError(new FormMessage(FIELD_CODE, switch (outcome.check()) {
                    case EXPIRED -> "twofoldSmsCodeExpired";
                    case UNAVAILABLE -> "twofoldCodeCheckUnavailable";
                    default -> "twofoldInvalidCode";
                }));
                verifyPage(context, policy, outcome.code());
            }
        }
    }

    private void enterPage(RequiredActionContext context, TwofoldPolicy policy, FormMessage error) {
        if (error != null) {
            context.form().addError(error);
        }
        boolean replacing = context.getUser().credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).findAny().isPresent();
        context.challenge(context.form()
                .setAttribute("twofoldDefaultRegion", countryName(context, policy.phoneDefaultRegion()))
                .setAttribute("twofoldReplacing", replacing)
                .createForm(ENTER_TEMPLATE));
    }

    private void verifyPage(RequiredActionContext context, TwofoldPolicy policy, PendingCode code) {
        context.challenge(context.form()
                .setAttribute("twofoldPhone", PhoneMask.display(code.target()))
                .setAttribute("twofoldCodeLength", policy.smsCodeLength())
                .setAttribute("twofoldResendIn", code.secondsUntilResend(Time.currentTime()))
                .createForm(VERIFY_TEMPLATE));
    }

    /** "Germany" rather than "DE", in the user's language. */
    private static String countryName(RequiredActionContext context, String region) {
        if (region == null) {
            return "";
        }
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        return new Locale("", region).getDisplayCountry(locale);
    }

    private static PendingCodes pending(RequiredActionContext context) {
        return PendingCodes.of(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                context.getUser(), PendingCodes.Purpose.ENROLL);
    }
}

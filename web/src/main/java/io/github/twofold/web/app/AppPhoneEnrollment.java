package io.github.twofold.web.app;

import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.enrollment.PhoneEnrollment;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.sms.SmsCodeSender;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** {@code POST phone} and {@code POST phone/confirm}: a phone set up (or replaced) through the app API, with the pages' limits. */
final class AppPhoneEnrollment {

    private final KeycloakSession session;
    private final AppRequests requests;

    AppPhoneEnrollment(KeycloakSession session, AppRequests requests) {
        this.session = session;
        this.requests = requests;
    }

    /** Sends a code to the phone. */
    Response.ResponseBuilder start(AppCaller caller, String rawBody) {
        requests.mayChange(caller);
        String typed = Json.text(Json.read(rawBody), "phone", 32);
        FactorKinds.refusal(session, caller.realm(), caller.user(), TwofoldPolicy.METHOD_SMS).ifPresent(reason -> {
            throw requests.kindRefused(caller, TwofoldPolicy.METHOD_SMS, reason);
        });
        TwofoldRequest request = TwofoldRequest.of(session, caller.realm());
        TwofoldPolicy policy = request.policyFor(caller.user());
        PhoneNumbers.Result parsed = PhoneNumbers.parse(typed, policy);
        if (!parsed.ok()) {
            TwofoldEvents.action(requests.event(caller, EventType.CUSTOM_REQUIRED_ACTION_ERROR), TwofoldEvent.PHONE_REJECTED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.REASON, parsed.problem().reason()).error("twofold_phone_rejected");
            throw new Problem(Response.Status.BAD_REQUEST, "phone-rejected", "This number cannot be used",
                    "The number is not a valid number of an allowed country and type (" + parsed.problem().reason() + ").")
                    .with("reason", parsed.problem().reason());
        }
        String e164 = parsed.number().e164();
        SmsCodeSender.Outcome sent = request.smsSender()
                .send(caller.user(), e164, e164, phoneCodes(caller), requests.event(caller, EventType.CUSTOM_REQUIRED_ACTION), TwofoldEvent.PHONE_VERIFICATION_SENT);
        switch (sent.status()) {
            case SENT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("phone", PhoneMask.mask(e164));
                out.put("expiresIn", policy.smsCodeLifetimeSeconds());
                out.put("resendAfter", sent.code().secondsUntilResend(org.keycloak.common.util.Time.currentTime()));
                return Response.accepted().type(AppRequests.JSON).entity(Json.write(out));
            }
            case LIMITED -> throw Problem.limited("sms-limit", "No text message can be sent now", "A sending limit holds: try again later.",
                    sent.limit());
            default -> throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "sms-not-sent", "The text message could not be sent",
                    "The SMS gateway failed: try again later.");
        }
    }

    /** Confirms the phone with the code sent to it; stores it (replacing a previous phone). */
    Response.ResponseBuilder confirm(AppCaller caller, String rawBody) {
        requests.mayChange(caller);
        String typed = Json.text(Json.read(rawBody), "code", 16);
        PhoneEnrollment.Outcome outcome = TwofoldRequest.of(session, caller.realm()).phoneEnrollment()
                .confirm(caller.user(), phoneCodes(caller), typed, requests.event(caller, EventType.CUSTOM_REQUIRED_ACTION),
                        session.getContext().getConnection(), session.getContext().getUri());
        return switch (outcome.status()) {
            case STORED -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("kind", TwofoldPolicy.METHOD_SMS);
                out.put("phone", PhoneMask.mask(outcome.code().target()));
                yield AppRequests.created(out);
            }
            case NO_CODE -> throw new Problem(Response.Status.NOT_FOUND, "no-pending-code", "No code was sent",
                    "Send a code to the phone first (POST phone).");
            case REFUSED -> throw Problem.codeRefused("Wait before trying again.", "This code can no longer be used: send a new one (POST phone).",
                    outcome.refusal());
            case WRONG -> throw notTaken(outcome);
        };
    }

    /** The answer to a code that was looked at and not taken. */
    private static Problem notTaken(PhoneEnrollment.Outcome outcome) {
        if (outcome.locked()) {
            return new Problem(Response.Status.TOO_MANY_REQUESTS, "too-many-attempts", "Too many wrong codes",
                    "Two-step sign-in is locked for a while after too many wrong codes.").with("reason", "account_lock");
        }
        return switch (outcome.check()) {
            // the gateway's outage, not the person's failure (nothing was counted): the same code, again
            case UNAVAILABLE -> new Problem(Response.Status.SERVICE_UNAVAILABLE, "check-unavailable", "The code could not be checked",
                    "The code could not be checked just now: send it again in a moment.");
            case EXPIRED -> new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right", "The code expired: send a new one.");
            default -> new Problem(Response.Status.BAD_REQUEST, "wrong-code", "The code is not right", "Enter the code from the text message.");
        };
    }

    private PendingCodes phoneCodes(AppCaller caller) {
        return PendingCodes.forAppApi(session, caller.realm(), caller.userSession().getId(), caller.user());
    }
}

package io.github.twofold.sms;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.NumericCode;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.SendBudget;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.TwofoldPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends an SMS code, the one way every Twofold page does it: resend cooldown, send budgets
 * (counted atomically, refunded if no gateway delivers), a fresh code whose hash replaces the
 * pending one only after delivery (or, where a gateway made and sent its own code, the gateway's
 * name), and an event for every outcome.
 */
public final class SmsCodeSender {

    private static final Logger LOG = Logger.getLogger(SmsCodeSender.class);

    /** How the code goes to the phone. */
    public enum Channel { TEXT, CALL }

    /** What happened to a send request. */
    public enum Status { SENT, LIMITED, GATEWAY_FAILED }

    public record Outcome(Status status, PendingCode code, LimitDecision limit, String gateway) {
        public boolean sent() {
            return status == Status.SENT;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;
    private final boolean heldByAccountLock;

    public SmsCodeSender(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this(session, realm, policy, false);
    }

    private SmsCodeSender(KeycloakSession session, RealmModel realm, TwofoldPolicy policy, boolean heldByAccountLock) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.heldByAccountLock = heldByAccountLock;
    }

    /**
     * A sender that sends nothing while the account's second-step lock holds (a sign-in's code):
     * the lock is read in the send's own transaction, from the counters it locks anyway, and
     * answered as {@link LimitKind#ACCOUNT_LOCK} with no event (the lock page says it).
     */
    public SmsCodeSender heldByAccountLock() {
        return new SmsCodeSender(session, realm, policy, true);
    }

    /**
     * Sends a new code to {@code e164} unless the cooldown or a budget says no.
     *
     * @param target  what the code is bound to (credential id at login, the number at enrollment)
     * @param event   the flow's event builder; a separate event is sent from a clone
     */
    public Outcome send(UserModel user, String e164, String target, PendingCodes pending, EventBuilder event, TwofoldEvent twofoldEvent) {
        return send(user, e164, target, pending, event, twofoldEvent, Channel.TEXT);
    }

    /** As above, by text or by a call that reads the code out (same cooldown and code; a call also counts against the call budget). */
    public Outcome send(UserModel user, String e164, String target, PendingCodes pending, EventBuilder event, TwofoldEvent twofoldEvent,
                        Channel channel) {
        long now = Time.currentTime();
        event = event.clone().user(user);
        PendingCode previous = pending.get();
        if (previous != null && previous.secondsUntilResend(now) > 0) {
            LimitDecision cooldown = LimitDecision.refused(LimitKind.SMS_COOLDOWN, previous.secondsUntilResend(now));
            return new Outcome(Status.LIMITED, previous, cooldown, null);
        }
        int sendNumber = previous == null ? 1 : previous.sends() + 1;
        if (!pending.claimSend(sendNumber, PendingCode.cooldown(sendNumber, policy.smsResendCooldownSeconds()))) {
            // a parallel request of this login is sending this very code
            LimitDecision cooldown = LimitDecision.refused(LimitKind.SMS_COOLDOWN, PendingCode.cooldown(sendNumber, policy.smsResendCooldownSeconds()));
            return new Outcome(Status.LIMITED, previous, cooldown, null);
        }
        Outcome outcome = null;
        try {
            outcome = sendClaimed(user, e164, target, pending, event, twofoldEvent, previous, now, channel);
            return outcome;
        } finally {
            if (outcome == null || !outcome.sent()) {
                // nothing went out (refused, failed, or an error): the next request may send this code
                pending.release(sendNumber);
            }
        }
    }

    private Outcome sendClaimed(UserModel user, String e164, String target, PendingCodes pending, EventBuilder event,
                                TwofoldEvent twofoldEvent, PendingCode previous, long now, Channel channel) {
        boolean call = channel == Channel.CALL;
        SendBudget budget = call ? new SendBudget(session, realm, policy).forCalls() : new SendBudget(session, realm, policy);
        if (call) {
            event.detail(TwofoldEvents.CHANNEL, "call");
        }
        String clientKey = ClientAddress.limitKey(session, policy);
        String codeId = PendingCode.newId();
        SendBudget.Reservation reservation = budget.reserve(user, e164, clientKey,
                VerificationGuard.counterIds(realm.getId(), user.getId(), clientKey, codeId),
                heldByAccountLock ? new VerificationGuard(session, realm, policy).accountLock(user.getId()) : null);
        if (!reservation.decision().allowed()) {
            LimitDecision refused = reservation.decision();
            if (refused.kind() == LimitKind.ACCOUNT_LOCK) {
                return new Outcome(Status.LIMITED, previous, refused, null);
            }
            TwofoldEvents.limit(TwofoldEvents.action(event, TwofoldEvent.SMS_BLOCKED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.PHONE, PhoneMask.mask(e164)), refused)
                    .error("twofold_sms_limit");
            if (refused.kind() == LimitKind.SMS_PER_REALM) {
                CircuitBreakerLog.opened(realm, policy.smsPerRealmPerDay());
            }
            return new Outcome(Status.LIMITED, previous, refused, null);
        }
        String code = NumericCode.generate(policy.smsCodeLength());
        SmsDelivery delivery;
        if (call) {
            SpokenCode.Speech speech = SpokenCode.render(session, realm, user, code);
            delivery = SmsDispatcher.call(session, e164, speech.text(), speech.language());
        } else {
            String text = SmsText.render(session, realm, user, OrganizationPolicy.forUser(session, realm, user, policy), code);
            delivery = SmsDispatcher.send(session, e164, text, SpokenCode.language(session.getContext().resolveLocale(user)));
        }
        if (delivery.refusal() != null) {
            // the gateway's own fraud defence: the same page and event as a spent budget, with its reason;
            // the send stays counted, so a refused number cannot be retried at the gateway without limit
            LimitDecision refused = LimitDecision.refused(LimitKind.GATEWAY_REFUSED, 0);
            TwofoldEvents.limit(TwofoldEvents.action(event, TwofoldEvent.SMS_BLOCKED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.PHONE, PhoneMask.mask(e164))
                    .detail(TwofoldEvents.GATEWAY, delivery.gatewayDetail())
                    .detail(TwofoldEvents.REASON, delivery.refusal()), refused)
                    .error("twofold_sms_limit");
            return new Outcome(Status.LIMITED, previous, refused, null);
        }
        if (!delivery.delivered()) {
            budget.refund(reservation);
            TwofoldEvents.action(event, TwofoldEvent.SMS_SEND_FAILED, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.PHONE, PhoneMask.mask(e164))
                    .detail(TwofoldEvents.GATEWAY, delivery.gatewayDetail())
                    .detail(TwofoldEvents.REASON, delivery.failure() == null ? "failed" : delivery.failure())
                    .error("twofold_sms_gateway_failed");
            return new Outcome(Status.GATEWAY_FAILED, previous, null, delivery.gatewayDetail());
        }
        PendingCode issued = PendingCode.issue(codeId, code, target, now, policy.smsCodeLifetimeSeconds(), previous, policy.smsResendCooldownSeconds());
        if (delivery.ownCode()) {
            issued = issued.checkedBy(delivery.gateway()); // Twofold's code was never sent; the gateway's is asked about
        }
        pending.save(issued, now);
        if (!call && !delivery.ownCode()) { // Verify reports no message's delivery to Twofold
            DeliveryReports.sent(session, realm, user, delivery.gateway(), delivery.messageId());
        }
        TwofoldEvents.action(event, twofoldEvent, TwofoldEvents.METHOD_SMS)
                .detail(TwofoldEvents.PHONE, PhoneMask.mask(e164))
                .detail(TwofoldEvents.GATEWAY, delivery.gateway())
                .detail("twofold_sends", Integer.toString(issued.sends()))
                .success();
        LOG.debugf("Code %d of this login %s %s via %s", issued.sends(), call ? "read out in a call to" : "sent to", PhoneMask.mask(e164), delivery.gateway());
        return new Outcome(Status.SENT, issued, null, delivery.gateway());
    }

    /** Logs the realm's circuit breaker once per node and day, for operators' alerting. */
    static final class CircuitBreakerLog {
        private static final java.util.Map<String, Long> LOGGED = new java.util.concurrent.ConcurrentHashMap<>();

        private CircuitBreakerLog() {
        }

        static void opened(RealmModel realm, int budget) {
            long day = Time.currentTime() / 86400;
            Long previous = LOGGED.put(realm.getId(), day);
            if (previous == null || previous != day) {
                LOG.warnf("SMS circuit breaker open for realm %s: the daily budget of %d SMS is spent; SMS stops until 00:00 UTC", realm.getName(), budget);
            }
        }
    }
}

package io.github.twofold.email;

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
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.report.NotMeLinks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends a code to the user's verified e-mail address (the fallback's sign-in code, or the code of
 * a self-service recovery: {@link Message}), through the same code
 * pipeline as an SMS: the resend cooldown of the pending code (a reload never sends), one sender of
 * parallel requests, the e-mail budgets counted in one transaction before anything goes out and
 * given back when the mail server refuses, a fresh code whose hash replaces the pending one only
 * once the message is out, and an event for every outcome. The e-mail carries the "this wasn't me"
 * link: a code nobody asked for is the first sign that someone has the password.
 */
public final class EmailCodeSender {

    private static final Logger LOG = Logger.getLogger(EmailCodeSender.class);
    /** What a link in a sign-in code's e-mail reports (the "this wasn't me" page and its event say it). */
    public static final String NOTICE = "EMAIL_CODE_SENT";

    /**
     * Which e-mail a code goes out in: a sign-in code (the fallback) or the code that starts and
     * ends a self-service recovery. The template (html and text, in the e-mail theme), its subject,
     * what its "this wasn't me" link reports, and the events' {@code twofold_method}.
     */
    public enum Message {
        SIGN_IN("twofold-email-code-message.ftl", "twofoldEmailCodeSubject", NOTICE, TwofoldEvents.METHOD_EMAIL_CODE),
        RECOVERY("twofold-recovery-code-message.ftl", "twofoldRecoveryCodeSubject", "RECOVERY_CODE_SENT", TwofoldEvents.METHOD_RECOVERY);

        private final String template;
        private final String subject;
        private final String notice;
        private final String method;

        Message(String template, String subject, String notice, String method) {
            this.template = template;
            this.subject = subject;
            this.notice = notice;
            this.method = method;
        }

        public String template() {
            return template;
        }

        public String notice() {
            return notice;
        }

        public String method() {
            return method;
        }
    }

    /** What happened to a send request. */
    public enum Status { SENT, LIMITED, FAILED }

    public record Outcome(Status status, LimitDecision limit) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;
    private final Message message;

    public EmailCodeSender(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this(session, realm, policy, Message.SIGN_IN);
    }

    public EmailCodeSender(KeycloakSession session, RealmModel realm, TwofoldPolicy policy, Message message) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.message = message;
    }

    /** What a code sent to this address is bound to: the address's hash (a later change of address makes it void). */
    public static String target(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("email:" + email.trim().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address as the page shows it: {@code j***@example.com}. */
    public static String masked(String email) {
        int at = email == null ? -1 : email.indexOf('@');
        if (at < 1) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** Sends a new code to the user's address unless the cooldown, a budget or the account's lock says no. */
    public Outcome send(UserModel user, PendingCodes pending, EventBuilder event) {
        return send(user, target(user.getEmail()), pending, event);
    }

    /**
     * As above, the code bound to {@code target} (by default the address's hash; a step may bind it
     * to more, e.g. the recovery to its phase, so a code sent for one phase never acts in another).
     */
    public Outcome send(UserModel user, String target, PendingCodes pending, EventBuilder event) {
        long now = Time.currentTime();
        event = event.clone().user(user);
        PendingCode previous = pending.get();
        if (previous != null && previous.secondsUntilResend(now) > 0) {
            return new Outcome(Status.LIMITED, LimitDecision.refused(LimitKind.SMS_COOLDOWN, previous.secondsUntilResend(now)));
        }
        int sendNumber = previous == null ? 1 : previous.sends() + 1;
        long cooldown = PendingCode.cooldown(sendNumber, policy.smsResendCooldownSeconds());
        if (!pending.claimSend(sendNumber, cooldown)) {
            return new Outcome(Status.LIMITED, LimitDecision.refused(LimitKind.SMS_COOLDOWN, cooldown)); // a parallel request sends it
        }
        Outcome outcome = null;
        try {
            outcome = sendClaimed(user, target, pending, event, previous, now);
            return outcome;
        } finally {
            if (outcome == null || outcome.status() != Status.SENT) {
                pending.release(sendNumber);
            }
        }
    }

    private Outcome sendClaimed(UserModel user, String target, PendingCodes pending, EventBuilder event, PendingCode previous, long now) {
        String clientKey = ClientAddress.limitKey(session, policy);
        String codeId = PendingCode.newId();
        SendBudget budget = new SendBudget(session, realm, policy);
        VerificationGuard guard = new VerificationGuard(session, realm, policy);
        SendBudget.Reservation reservation = budget.reserveEmail(user.getId(), clientKey,
                VerificationGuard.counterIds(realm.getId(), user.getId(), clientKey, codeId), guard.accountLock(user.getId()));
        LimitDecision decision = reservation.decision();
        if (!decision.allowed()) {
            if (decision.kind() != LimitKind.ACCOUNT_LOCK) {
                TwofoldEvents.limit(TwofoldEvents.action(event, TwofoldEvent.EMAIL_CODE_BLOCKED, message.method()), decision)
                        .error("twofold_email_code_limit");
            }
            return new Outcome(Status.LIMITED, decision);
        }
        String code = NumericCode.generate(policy.smsCodeLength());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("minutes", Long.toString(Math.max(1, policy.smsCodeLifetimeSeconds() / 60)));
        attributes.put("notMeUrl", NotMeLinks.issue(session, realm, user, message.notice(), null));
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user).send(message.subject, List.of(), message.template(), attributes);
        } catch (EmailException | RuntimeException e) {
            budget.refund(reservation);
            // the reason only at debug level: mail errors can quote the address
            LOG.warnf("Code e-mail (%s) to user %s not sent: %s", message.method(), user.getId(), e.getClass().getSimpleName());
            LOG.debugf(e, "Sign-in code e-mail to user %s", user.getId());
            TwofoldEvents.action(event, TwofoldEvent.EMAIL_CODE_SEND_FAILED, message.method())
                    .detail(TwofoldEvents.REASON, "mail_server").error("twofold_email_code_failed");
            return new Outcome(Status.FAILED, null);
        }
        PendingCode issued = PendingCode.issue(codeId, code, target, now, policy.smsCodeLifetimeSeconds(), previous,
                policy.smsResendCooldownSeconds());
        pending.save(issued, now);
        TwofoldEvents.action(event, TwofoldEvent.EMAIL_CODE_SENT, message.method())
                .detail("twofold_sends", Integer.toString(issued.sends())).success();
        return new Outcome(Status.SENT, null);
    }
}

package io.github.twofold.events;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;

/**
 * Turns Twofold's events into counters (Prometheus names in brackets): SMS sent and failed by gateway,
 * calling code and channel (a text, or a call that reads the code out) [{@code twofold_sms_sent_total},
 * {@code twofold_sms_failed_total}], codes checked
 * by method and outcome [{@code twofold_codes_total}], limit trips by kind
 * [{@code twofold_limit_trips_total}], locks [{@code twofold_locks_total}], backup codes used
 * [{@code twofold_backup_codes_used_total}], emergency access by action
 * [{@code twofold_emergency_access_total}], trusted browsers by action and reason
 * [{@code twofold_trusted_browsers_total}] and passkey suggestions by answer
 * [{@code twofold_passkey_nudge_total}] (the admin guide lists every metric). Tags have few values each: no user, number or address.
 */
public final class TwofoldMetrics {

    private final MeterRegistry registry;

    public TwofoldMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Event event) {
        Map<String, String> d = event.getDetails() == null ? Map.of() : event.getDetails();
        String twofold = d.get(TwofoldEvents.EVENT);
        String method = d.get(TwofoldEvents.METHOD);
        if (d.containsKey(TwofoldEvents.LIMIT)) {
            registry.counter("twofold.limit.trips", "kind", d.get(TwofoldEvents.LIMIT)).increment();
        }
        TwofoldEvent.of(twofold).ifPresent(known -> count(known, event, d, method));
        // a code refused for its kind (a phishing-resistant member) or by a limit was never checked
        if (method != null && (event.getType() == EventType.LOGIN || event.getType() == EventType.LOGIN_ERROR)
                && !d.containsKey(TwofoldEvents.LIMIT) && !TwofoldEvent.FACTOR_KIND_REFUSED.key().equals(twofold)) {
            boolean ok = event.getType() == EventType.LOGIN;
            registry.counter("twofold.codes", "method", tag(method), "outcome", ok ? "success" : "failure").increment();
            if (ok && TwofoldEvents.METHOD_BACKUP_CODE.equals(method)) {
                registry.counter("twofold.backup.codes.used").increment();
            }
        }
    }

    /** Every event decided here: the compiler checks that none is left out. */
    private void count(TwofoldEvent known, Event event, Map<String, String> d, String method) {
        switch (known) {
            case SMS_SENT, PHONE_VERIFICATION_SENT -> registry.counter("twofold.sms.sent", "gateway", tag(d.get(TwofoldEvents.GATEWAY)),
                    "calling_code", callingCode(d.get(TwofoldEvents.PHONE)), "channel", channel(d)).increment();
            case SMS_SEND_FAILED -> registry.counter("twofold.sms.failed", "gateway", tag(firstGateway(d.get(TwofoldEvents.GATEWAY))),
                    "channel", channel(d)).increment();
            case EMAIL_CODE_SENT -> registry.counter("twofold.email.codes", "action", "sent").increment();
            case EMAIL_CODE_SEND_FAILED -> registry.counter("twofold.email.codes", "action", "failed").increment();
            case SECOND_FACTOR_LOCKED -> registry.counter("twofold.locks", "method", tag(method)).increment();
            case RECOVERY_STARTED -> registry.counter("twofold.recoveries", "stage", "started", "reason", "none").increment();
            case RECOVERY_READY -> registry.counter("twofold.recoveries", "stage", "ready", "reason", "none").increment();
            case RECOVERY_COMPLETED -> {
                if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION) {
                    registry.counter("twofold.recoveries", "stage", "completed", "reason", "none").increment();
                }
            }
            case RECOVERY_CANCELLED -> registry.counter("twofold.recoveries", "stage", "cancelled", "reason", tag(d.get(TwofoldEvents.REASON))).increment();
            case EMERGENCY_ACCESS_GRANTED -> registry.counter("twofold.emergency.access", "action", "granted").increment();
            case EMERGENCY_ACCESS_REVOKED -> registry.counter("twofold.emergency.access", "action", "revoked").increment();
            case TRUSTED_BROWSER_ADDED -> registry.counter("twofold.trusted.browsers", "action", "added", "reason", "none").increment();
            case TRUSTED_BROWSER_USED -> registry.counter("twofold.trusted.browsers", "action", "used", "reason", "none").increment();
            case TRUSTED_BROWSER_REFUSED -> registry.counter("twofold.trusted.browsers", "action", "refused", "reason", tag(d.get(TwofoldEvents.REASON))).increment();
            case TRUSTED_BROWSER_REVOKED -> registry.counter("twofold.trusted.browsers", "action", "revoked", "reason", tag(d.get(TwofoldEvents.REASON))).increment();
            case PASSKEY_NUDGE_SHOWN -> registry.counter("twofold.passkey.nudge", "action", "shown").increment();
            case PASSKEY_NUDGE_ACCEPTED -> registry.counter("twofold.passkey.nudge", "action", "accepted").increment();
            case PASSKEY_NUDGE_DISMISSED -> registry.counter("twofold.passkey.nudge", "action", "dismissed").increment();
            case CHANGE_REPORTED -> registry.counter("twofold.reports", "notice", tag(d.get(TwofoldEvents.NOTICE))).increment();
            case NEW_BROWSER_SIGN_IN -> registry.counter("twofold.new.browser.sign.ins").increment();
            case NEW_NETWORK_SIGN_IN -> registry.counter("twofold.new.network.sign.ins").increment();
            case NEW_COUNTRY_SIGN_IN -> registry.counter("twofold.new.country.sign.ins").increment();
            case EMERGENCY_ACCESS_USED -> {
                if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION) {
                    registry.counter("twofold.emergency.access", "action", "used").increment();
                }
            }
            // counted through twofold.codes and twofold.limit.trips, where reported (twofold.sms.delivery: sms.DeliveryReports), or not counted
            case EMAIL_CODE_BLOCKED, SMS_BLOCKED, SMS_NOT_DELIVERED, PHONE_VERIFICATION_FAILED, PHONE_VERIFICATION_REFUSED, PHONE_REJECTED, PHONE_ENROLLED, PHONE_REPLACED,
                    BACKUP_CODES_CREATED, BACKUP_CODE_USED, APP_ADDED, APP_ENROLLMENT_CODE_WRONG, FACTOR_REMOVED, FACTOR_REMOVAL_REFUSED,
                    FACTOR_CHANGE_REFUSED, FACTOR_KIND_REFUSED, ACCOUNT_CHANGE_REFUSED, SECOND_FACTOR_SETUP_REQUIRED,
                    SECOND_FACTOR_SETUP_POSTPONED, SECOND_FACTOR_METHOD_CHOSEN, LEVEL_CAPPED, PASSWORD_GRANT_REFUSED, BROKERED_SIGN_IN_REFUSED, SECOND_FACTOR_UNLOCKED,
                    EMERGENCY_FACTORS_RETIRED, TRUSTED_BROWSER_NOT_HONOURED, PASSKEY_SIGN_IN, REPORT_HOLD_LIFTED -> {
            }
        }
    }

    public void record(AdminEvent event) {
        // Grants and revocations are counted from their user events.
    }

    /** {@code +49******6789} gives {@code 49}: the calling code, never more of the number. */
    static String callingCode(String masked) {
        if (masked == null || !masked.startsWith("+")) {
            return "unknown";
        }
        int end = 1;
        while (end < masked.length() && end <= 4 && Character.isDigit(masked.charAt(end))) {
            end++;
        }
        String digits = masked.substring(1, end);
        // A masked number shows the calling code and the last digits; the calling code is 1-3 digits.
        return digits.isEmpty() ? "unknown" : digits.substring(0, Math.min(3, digits.length()));
    }

    /** {@code call} for a code read out in a call, else {@code text}: two values, whatever the event carries. */
    static String channel(Map<String, String> details) {
        return "call".equals(details.get(TwofoldEvents.CHANNEL)) ? "call" : "text";
    }

    private static String firstGateway(String detail) {
        if (detail == null) {
            return null;
        }
        int colon = detail.indexOf(':');
        return colon < 0 ? detail : detail.substring(0, colon);
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "unknown" : value.length() > 40 ? value.substring(0, 40) : value;
    }
}

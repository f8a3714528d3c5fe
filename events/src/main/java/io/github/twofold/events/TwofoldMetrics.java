package io.github.twofold.events;

import io.github.twofold.audit.TwofoldEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;

/**
 * Turns Twofold's events into counters (Prometheus names in brackets): SMS sent and failed by gateway
 * and calling code [{@code twofold_sms_sent_total}, {@code twofold_sms_failed_total}], codes checked
 * by method and outcome [{@code twofold_codes_total}], limit trips by kind
 * [{@code twofold_limit_trips_total}], locks [{@code twofold_locks_total}], backup codes used
 * [{@code twofold_backup_codes_used_total}] and emergency access by action
 * [{@code twofold_emergency_access_total}]. Tags have few values each: no user, number or address.
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
        if (twofold != null) {
            switch (twofold) {
                case "sms_sent", "phone_verification_sent" -> registry.counter("twofold.sms.sent",
                        "gateway", tag(d.get(TwofoldEvents.GATEWAY)), "calling_code", callingCode(d.get(TwofoldEvents.PHONE))).increment();
                case "sms_send_failed" -> registry.counter("twofold.sms.failed", "gateway", tag(firstGateway(d.get(TwofoldEvents.GATEWAY)))).increment();
                case "second_factor_locked" -> registry.counter("twofold.locks", "method", tag(method)).increment();
                case "emergency_access_granted" -> registry.counter("twofold.emergency.access", "action", "granted").increment();
                case "emergency_access_revoked" -> registry.counter("twofold.emergency.access", "action", "revoked").increment();
                case "trusted_browser_added" -> registry.counter("twofold.trusted.browsers", "action", "added", "reason", "none").increment();
                case "trusted_browser_used" -> registry.counter("twofold.trusted.browsers", "action", "used", "reason", "none").increment();
                case "trusted_browser_refused" -> registry.counter("twofold.trusted.browsers", "action", "refused", "reason", tag(d.get(TwofoldEvents.REASON))).increment();
                case "trusted_browser_revoked" -> registry.counter("twofold.trusted.browsers", "action", "revoked", "reason", tag(d.get(TwofoldEvents.REASON))).increment();
                case "passkey_nudge_shown" -> registry.counter("twofold.passkey.nudge", "action", "shown").increment();
                case "passkey_nudge_accepted" -> registry.counter("twofold.passkey.nudge", "action", "accepted").increment();
                case "passkey_nudge_dismissed" -> registry.counter("twofold.passkey.nudge", "action", "dismissed").increment();
                case "emergency_access_used" -> {
                    if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION) {
                        registry.counter("twofold.emergency.access", "action", "used").increment();
                    }
                }
                default -> {
                }
            }
        }
        if (method != null && (event.getType() == EventType.LOGIN || event.getType() == EventType.LOGIN_ERROR)
                && !d.containsKey(TwofoldEvents.LIMIT)) {
            boolean ok = event.getType() == EventType.LOGIN;
            registry.counter("twofold.codes", "method", tag(method), "outcome", ok ? "success" : "failure").increment();
            if (ok && TwofoldEvents.METHOD_BACKUP_CODE.equals(method)) {
                registry.counter("twofold.backup.codes.used").increment();
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

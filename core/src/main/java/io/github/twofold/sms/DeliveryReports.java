package io.github.twofold.sms;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumbers;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What happens to a gateway's delivery report: counted once in {@code twofold_sms_delivery_total}
 * (gateway, status, destination country), and a failed delivery becomes the event
 * {@code sms_not_delivered} of the user the code was sent to. Which user a message went to is kept
 * for {@link #KEPT_SECONDS} when it is sent, in Keycloak's single-use store (cluster-wide); the
 * report itself names only the number.
 */
public final class DeliveryReports {

    /** How long a sent message's user, and a report already counted, are remembered. */
    public static final long KEPT_SECONDS = 7 * 24 * 3600L;

    private static final Logger LOG = Logger.getLogger(DeliveryReports.class);
    private static final String SENT = "twofold-sms-sent:";
    private static final String REPORTED = "twofold-sms-reported:";

    public enum Outcome { RECORDED, REPEATED }

    private DeliveryReports() {
    }

    /** A gateway accepted a message to this user: kept so that its failure report can name the user. */
    public static void sent(KeycloakSession session, RealmModel realm, UserModel user, String gateway, String messageId) {
        if (messageId == null) {
            return;
        }
        session.singleUseObjects().put(SENT + gateway + ":" + messageId, KEPT_SECONDS,
                Map.of("realm", realm.getId(), "user", user.getId()));
    }

    /**
     * Counts a report whose signature the gateway has checked. A report of the same message and state
     * that was counted before (a replay, or the gateway's own retry) changes nothing.
     */
    public static Outcome record(KeycloakSession session, RealmModel realm, DeliveryReport report) {
        String key = report.gateway() + ":" + report.messageId();
        if (!session.singleUseObjects().putIfAbsent(REPORTED + key + ":" + report.status(), KEPT_SECONDS)) {
            return Outcome.REPEATED;
        }
        String country = report.to() == null ? null : PhoneNumbers.regionOf(report.to());
        Metrics.globalRegistry.counter("twofold.sms.delivery", "gateway", report.gateway(), "status", report.status(),
                "country", country == null ? "unknown" : country).increment();
        if (report.failed()) {
            String masked = report.to() == null ? "unknown" : PhoneMask.mask(report.to());
            LOG.infof("SMS to %s not delivered (gateway %s, %s, error %s)", masked, report.gateway(), report.status(),
                    report.errorCode() == null ? "none" : report.errorCode());
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.CUSTOM_REQUIRED_ACTION)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.SMS_NOT_DELIVERED.key())
                    .detail(TwofoldEvents.METHOD, TwofoldEvents.METHOD_SMS)
                    .detail(TwofoldEvents.GATEWAY, report.gateway())
                    .detail(TwofoldEvents.PHONE, masked)
                    .detail(TwofoldEvents.REASON, report.status());
            if (report.errorCode() != null) {
                event.detail(TwofoldEvents.ERROR_CODE, report.errorCode());
            }
            Map<String, String> sent = session.singleUseObjects().get(SENT + key);
            if (sent != null && realm.getId().equals(sent.get("realm"))) {
                event.user(sent.get("user"));
            }
            event.error("twofold_sms_not_delivered");
        }
        return Outcome.RECORDED;
    }
}

package io.github.twofold.audit;

import io.github.twofold.limit.LimitDecision;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * Twofold's event vocabulary. Every 2FA action becomes a Keycloak event (so the admin console
 * shows it and every listener receives it) of the closest Keycloak type, with these details.
 * Values are never secrets: numbers are masked, codes never appear.
 */
public final class TwofoldEvents {

    /** Which Twofold action this is (e.g. {@code sms_sent}); Keycloak's event types are a fixed list. */
    public static final String EVENT = "twofold_event";
    /** The factor or way used, e.g. {@code sms}, {@code backup_code}, {@code otp}, {@code passkey}, {@code emergency} (the admin guide lists them all). */
    public static final String METHOD = "twofold_method";
    /** Why something failed or was refused. */
    public static final String REASON = "twofold_reason";
    /** The gateway that delivered, or the gateways tried. */
    public static final String GATEWAY = "twofold_gateway";
    /** Masked phone number ({@code +49******6789}). */
    public static final String PHONE = "twofold_phone";
    /** How a code went to the phone: {@code call} for a call that read it out (texts carry no such detail). */
    public static final String CHANNEL = "twofold_channel";
    /** What the user reported lost when emergency access was granted ({@code phone} or {@code all}). */
    public static final String LOST = "twofold_lost";
    /** Backup codes left after this action. */
    public static final String REMAINING = "twofold_backup_codes_remaining";
    /** The limit that refused ({@link io.github.twofold.limit.LimitKind}). */
    public static final String LIMIT = "twofold_limit";
    /** Seconds until the limit allows another try. */
    public static final String RETRY_AFTER = "twofold_retry_after";

    /** The browser and system a trust belongs to ("Chrome (Linux)"), named from a fixed list. */
    public static final String BROWSER = "twofold_browser";
    /** The network a sign-in came from ("198.51.100.0/24", "2001:db8:5::/48"). */
    public static final String NETWORK = "twofold_network";
    /** The ISO 3166 code of the country a sign-in came from (the operator's GeoIP database). */
    public static final String COUNTRY = "twofold_country";

    /** The security notice a "this wasn't me" report answered ({@code phone_added}, ...). */
    public static final String NOTICE = "twofold_notice";
    /** Sessions a report ended (online and offline). */
    public static final String SESSIONS_ENDED = "twofold_sessions_ended";

    /** The gateway's error code for a text it could not deliver (Twilio's {@code ErrorCode}, e.g. 30003). */
    public static final String ERROR_CODE = "twofold_error_code";

    /** The admin who granted or revoked something (username). */
    public static final String ADMIN = "twofold_admin";
    /** When a recovery's waiting period ends (epoch seconds). */
    public static final String READY_AT = "twofold_ready_at";
    /** When a grant ends (epoch seconds). */
    public static final String EXPIRES_AT = "twofold_expires_at";

    public static final String METHOD_SMS = "sms";
    public static final String METHOD_EMAIL_CODE = "email_code";
    public static final String METHOD_BACKUP_CODE = "backup_code";
    public static final String METHOD_EMERGENCY = "emergency";
    public static final String METHOD_RECOVERY = "recovery";

    private TwofoldEvents() {
    }

    /**
     * A separate event for a Twofold action that has no Keycloak type of its own (SMS sent,
     * refused by a limit, ...): {@code CUSTOM_REQUIRED_ACTION} with {@code twofold_event}.
     */
    public static EventBuilder action(EventBuilder flowEvent, TwofoldEvent twofoldEvent, String method) {
        return separate(flowEvent).event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(EVENT, twofoldEvent.key()).detail(METHOD, method);
    }

    /** A second factor was created or replaced: Keycloak's {@code UPDATE_CREDENTIAL} with Twofold's details. */
    public static EventBuilder credentialChanged(EventBuilder flowEvent, String credentialType, TwofoldEvent twofoldEvent, String method) {
        return separate(flowEvent).event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, credentialType)
                .detail(EVENT, twofoldEvent.key()).detail(METHOD, method);
    }

    /**
     * The attempt that reached the lock of the account's second step (sent, beside that attempt's
     * own failure): Keycloak's {@code USER_DISABLED_BY_TEMPORARY_LOCKOUT} with
     * {@code second_factor_locked}, once per lock, whatever the door (sign-in page, password grant,
     * phone or app confirmation). Listeners (the security e-mail, the metrics) take it as the lock.
     * Sent at once, in a transaction of its own, as the failure beside it may end the request's;
     * for {@code user} (the password grant's flow event does not name one).
     */
    public static void locked(EventBuilder flowEvent, UserModel user, String method, long retryAfterSeconds) {
        separate(flowEvent).storeImmediately(true).user(user).event(EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT).removeDetail(REASON)
                .detail(EVENT, TwofoldEvent.SECOND_FACTOR_LOCKED.key())
                .detail(METHOD, method)
                .detail(RETRY_AFTER, Long.toString(retryAfterSeconds))
                .success();
    }

    /**
     * An event of its own, built from the flow's (user, client, address, details so far). Keycloak's
     * clone keeps an error the flow event has already reported (a wrong code's), which would make
     * this one a failure that listeners pass over.
     */
    private static EventBuilder separate(EventBuilder flowEvent) {
        EventBuilder event = flowEvent.clone();
        event.getEvent().setError(null);
        return event;
    }

    public static EventBuilder limit(EventBuilder event, LimitDecision decision) {
        return event.detail(LIMIT, decision.kind().eventValue())
                .detail(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    }
}

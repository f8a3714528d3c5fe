package io.github.twofold.events;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.notify.SecurityNotice;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/**
 * Which user events deserve a security e-mail, and with what: derived from the events Twofold's
 * steps and Keycloak emit, so no step sends mail itself and every notice has its audit event.
 */
public final class SecurityNotices {

    /**
     * The e-mail to send for an event; {@code to}: another address than the user's (null: the
     * user's); {@code credentialId}: the credential the change created, which the e-mail's "this
     * wasn't me" link may remove (null: none, or the event does not name it).
     */
    public record Notice(SecurityNotice.Kind kind, String parameter, String to, String credentialId) {
        Notice(SecurityNotice.Kind kind, String parameter) {
            this(kind, parameter, null, null);
        }

        Notice(SecurityNotice.Kind kind, String parameter, String to) {
            this(kind, parameter, to, null);
        }

        /** The same notice, naming the credential the change created when the event names one. */
        Notice created(String credentialId) {
            return new Notice(kind, parameter, to, credentialId);
        }
    }

    private SecurityNotices() {
    }

    public static Optional<Notice> of(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getError() != null || event.getUserId() == null) {
            return Optional.empty();
        }
        if (event.getType() == EventType.REMOVE_CREDENTIAL) {
            return SecondFactors.isSecondFactor(details.get(Details.CREDENTIAL_TYPE))
                    ? Optional.of(new Notice(SecurityNotice.Kind.FACTOR_REMOVED, null)) : Optional.empty();
        }
        String previousEmail = details.get(Details.PREVIOUS_EMAIL);
        if ((event.getType() == EventType.UPDATE_EMAIL || event.getType() == EventType.UPDATE_PROFILE) && previousEmail != null
                && !previousEmail.isBlank() && !previousEmail.equalsIgnoreCase(String.valueOf(details.get(Details.UPDATED_EMAIL)))) {
            // told at the address it was: whoever changed it may hold the new one
            return Optional.of(new Notice(SecurityNotice.Kind.EMAIL_CHANGED, null, previousEmail));
        }
        String twofold = details.get(TwofoldEvents.EVENT);
        if (twofold == null && event.getType() == EventType.UPDATE_CREDENTIAL) {
            // Keycloak's own set-up actions: authenticator app, security key, passkey, recovery codes
            return SecondFactors.isSecondFactor(details.get(Details.CREDENTIAL_TYPE))
                    ? Optional.of(new Notice(SecurityNotice.Kind.FACTOR_ADDED, null).created(details.get(Details.CREDENTIAL_ID))) : Optional.empty();
        }
        if (twofold == null || event.getType() == EventType.LOGIN) {
            return Optional.empty(); // a sign-in's summary repeats what its steps already reported
        }
        return TwofoldEvent.of(twofold).flatMap(known -> Optional.ofNullable(notice(known, details)))
                .map(notice -> notice.created(details.get(Details.CREDENTIAL_ID)));

    }

    /** The e-mail for each of Twofold's events, or null: the compiler checks that none is left out. */
    private static Notice notice(TwofoldEvent event, Map<String, String> details) {
        String phone = details.get(TwofoldEvents.PHONE);
        return switch (event) {
            case PHONE_ENROLLED -> new Notice(SecurityNotice.Kind.PHONE_ADDED, phone);
            case PHONE_REPLACED -> new Notice(SecurityNotice.Kind.PHONE_REPLACED, phone);
            case APP_ADDED -> new Notice(SecurityNotice.Kind.FACTOR_ADDED, null);
            case BACKUP_CODES_CREATED -> new Notice(SecurityNotice.Kind.BACKUP_CODES_CREATED, null);
            case TRUSTED_BROWSER_ADDED -> new Notice(SecurityNotice.Kind.TRUSTED_BROWSER_ADDED, details.get(TwofoldEvents.BROWSER));
            case NEW_BROWSER_SIGN_IN -> new Notice(SecurityNotice.Kind.NEW_BROWSER_SIGN_IN, details.get(TwofoldEvents.BROWSER));
            case NEW_NETWORK_SIGN_IN -> new Notice(SecurityNotice.Kind.NEW_NETWORK_SIGN_IN, details.get(TwofoldEvents.NETWORK));
            case NEW_COUNTRY_SIGN_IN -> new Notice(SecurityNotice.Kind.NEW_COUNTRY_SIGN_IN, details.get(TwofoldEvents.COUNTRY));
            case BACKUP_CODE_USED -> new Notice(SecurityNotice.Kind.BACKUP_CODE_USED, details.get(TwofoldEvents.REMAINING));
            case SECOND_FACTOR_LOCKED -> new Notice(SecurityNotice.Kind.SECOND_FACTOR_LOCKED, null);
            case SECOND_FACTOR_UNLOCKED -> new Notice(SecurityNotice.Kind.SECOND_FACTOR_UNLOCKED, null);
            case EMERGENCY_ACCESS_USED -> new Notice(SecurityNotice.Kind.EMERGENCY_ACCESS_USED, null);
            case EMERGENCY_FACTORS_RETIRED -> new Notice(TwofoldEvents.METHOD_RECOVERY.equals(details.get(TwofoldEvents.METHOD))
                    ? SecurityNotice.Kind.RECOVERY_FACTORS_RETIRED : "phone".equals(details.get(TwofoldEvents.LOST))
                    ? SecurityNotice.Kind.EMERGENCY_PHONE_RETIRED : SecurityNotice.Kind.EMERGENCY_FACTORS_RETIRED, phone);
            // the recovery e-mails the user itself when it starts and when its waiting period ends (with the link),
            // also where security e-mails are off; its end is told by the retirement notice
            case RECOVERY_STARTED, RECOVERY_READY, RECOVERY_COMPLETED, RECOVERY_CANCELLED -> null;
            // factor removal is told from Keycloak's REMOVE_CREDENTIAL; the rest changes nothing the user must hear of
            // the e-mailed code is itself an e-mail to the user, with the "this wasn't me" link
            case EMAIL_CODE_SENT, EMAIL_CODE_SEND_FAILED, EMAIL_CODE_BLOCKED -> null;
            case FACTOR_REMOVED, SMS_SENT, SMS_SEND_FAILED, SMS_BLOCKED, SMS_NOT_DELIVERED, PHONE_VERIFICATION_SENT, PHONE_VERIFICATION_FAILED,
                    PHONE_VERIFICATION_REFUSED, PHONE_REJECTED, APP_ENROLLMENT_CODE_WRONG, FACTOR_REMOVAL_REFUSED, FACTOR_CHANGE_REFUSED,
                    FACTOR_KIND_REFUSED, ACCOUNT_CHANGE_REFUSED, SECOND_FACTOR_SETUP_REQUIRED, SECOND_FACTOR_SETUP_POSTPONED,
                    SECOND_FACTOR_METHOD_CHOSEN, LEVEL_CAPPED, PASSWORD_GRANT_REFUSED, BROKERED_SIGN_IN_REFUSED, EMERGENCY_ACCESS_GRANTED, EMERGENCY_ACCESS_REVOKED,
                    TRUSTED_BROWSER_USED, TRUSTED_BROWSER_REFUSED, TRUSTED_BROWSER_REVOKED, TRUSTED_BROWSER_NOT_HONOURED, PASSKEY_SIGN_IN,
                    PASSKEY_NUDGE_SHOWN, PASSKEY_NUDGE_ACCEPTED, PASSKEY_NUDGE_DISMISSED -> null;
            // the report goes to the address the policy names for reports (none: no e-mail)
            case CHANGE_REPORTED -> new Notice(SecurityNotice.Kind.CHANGE_REPORTED, null);
            case REPORT_HOLD_LIFTED -> null;
        };
    }
}

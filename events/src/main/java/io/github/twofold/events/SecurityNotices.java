package io.github.twofold.events;

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

    /** The e-mail to send for an event; {@code to}: another address than the user's (null: the user's). */
    public record Notice(SecurityNotice.Kind kind, String parameter, String to) {
        Notice(SecurityNotice.Kind kind, String parameter) {
            this(kind, parameter, null);
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
                    ? Optional.of(new Notice(SecurityNotice.Kind.FACTOR_ADDED, null)) : Optional.empty();
        }
        if (twofold == null || event.getType() == EventType.LOGIN) {
            return Optional.empty(); // a sign-in's summary repeats what its steps already reported
        }
        String phone = details.get(TwofoldEvents.PHONE);
        return Optional.ofNullable(switch (twofold) {
            case "phone_enrolled" -> new Notice(SecurityNotice.Kind.PHONE_ADDED, phone);
            case "phone_replaced" -> new Notice(SecurityNotice.Kind.PHONE_REPLACED, phone);
            case "app_added" -> new Notice(SecurityNotice.Kind.FACTOR_ADDED, null);
            case "backup_codes_created" -> new Notice(SecurityNotice.Kind.BACKUP_CODES_CREATED, null);
            case "trusted_browser_added" -> new Notice(SecurityNotice.Kind.TRUSTED_BROWSER_ADDED, details.get(TwofoldEvents.BROWSER));
            case "backup_code_used" -> new Notice(SecurityNotice.Kind.BACKUP_CODE_USED, details.get(TwofoldEvents.REMAINING));
            case "second_factor_locked" -> new Notice(SecurityNotice.Kind.SECOND_FACTOR_LOCKED, null);
            case "second_factor_unlocked" -> new Notice(SecurityNotice.Kind.SECOND_FACTOR_UNLOCKED, null);
            case "emergency_access_used" -> new Notice(SecurityNotice.Kind.EMERGENCY_ACCESS_USED, null);
            case "emergency_factors_retired" -> new Notice("phone".equals(details.get(TwofoldEvents.LOST))
                    ? SecurityNotice.Kind.EMERGENCY_PHONE_RETIRED : SecurityNotice.Kind.EMERGENCY_FACTORS_RETIRED, phone);
            default -> null;
        });
    }
}

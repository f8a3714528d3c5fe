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

    /** The e-mail to send for an event. */
    public record Notice(SecurityNotice.Kind kind, String parameter) {
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
        String twofold = details.get(TwofoldEvents.EVENT);
        if (twofold == null || event.getType() == EventType.LOGIN) {
            return Optional.empty(); // a sign-in's summary repeats what its steps already reported
        }
        String phone = details.get(TwofoldEvents.PHONE);
        return Optional.ofNullable(switch (twofold) {
            case "phone_enrolled" -> new Notice(SecurityNotice.Kind.PHONE_ADDED, phone);
            case "phone_replaced" -> new Notice(SecurityNotice.Kind.PHONE_REPLACED, phone);
            case "backup_codes_created" -> new Notice(SecurityNotice.Kind.BACKUP_CODES_CREATED, null);
            case "trusted_browser_added" -> new Notice(SecurityNotice.Kind.TRUSTED_BROWSER_ADDED, details.get(TwofoldEvents.BROWSER));
            case "backup_code_used" -> new Notice(SecurityNotice.Kind.BACKUP_CODE_USED, details.get(TwofoldEvents.REMAINING));
            case "second_factor_locked" -> new Notice(SecurityNotice.Kind.SECOND_FACTOR_LOCKED, null);
            case "emergency_access_used" -> new Notice(SecurityNotice.Kind.EMERGENCY_ACCESS_USED, null);
            case "emergency_factors_retired" -> new Notice("phone".equals(details.get(TwofoldEvents.LOST))
                    ? SecurityNotice.Kind.EMERGENCY_PHONE_RETIRED : SecurityNotice.Kind.EMERGENCY_FACTORS_RETIRED, phone);
            default -> null;
        });
    }
}

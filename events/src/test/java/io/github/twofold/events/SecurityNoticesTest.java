package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.notify.SecurityNotice.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/** Which events send which security e-mail: one notice per change, none for failures or summaries. */
class SecurityNoticesTest {

    private static Event event(EventType type, String error, Map<String, String> details) {
        Event e = new Event();
        e.setType(type);
        e.setRealmId("realm-id");
        e.setUserId("user-id");
        e.setError(error);
        e.setDetails(new LinkedHashMap<>(details));
        return e;
    }

    private static SecurityNotices.Notice notice(EventType type, Map<String, String> details) {
        return SecurityNotices.of(event(type, null, details)).orElseThrow(() -> new AssertionError("no notice for " + type + " " + details));
    }

    @Test
    void everyChangeTwofoldMakesHasItsNoticeWithTheMaskedNumberOrTheCount() {
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("twofold_event", "phone_enrolled", "twofold_phone", "+49*******3241")))
                .isEqualTo(new SecurityNotices.Notice(Kind.PHONE_ADDED, "+49*******3241"));
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("twofold_event", "phone_replaced", "twofold_phone", "+49*******3241")).kind())
                .isEqualTo(Kind.PHONE_REPLACED);
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("twofold_event", "backup_codes_created")).kind()).isEqualTo(Kind.BACKUP_CODES_CREATED);
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "backup_code_used", "twofold_backup_codes_remaining", "7")))
                .isEqualTo(new SecurityNotices.Notice(Kind.BACKUP_CODE_USED, "7"));
        assertThat(notice(EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT, Map.of("twofold_event", "second_factor_locked")).kind())
                .isEqualTo(Kind.SECOND_FACTOR_LOCKED);
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "emergency_access_used")).kind()).isEqualTo(Kind.EMERGENCY_ACCESS_USED);
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "emergency_factors_retired", "twofold_lost", "phone",
                "twofold_phone", "+49*******3241"))).isEqualTo(new SecurityNotices.Notice(Kind.EMERGENCY_PHONE_RETIRED, "+49*******3241"));
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "emergency_factors_retired", "twofold_lost", "all")).kind())
                .isEqualTo(Kind.EMERGENCY_FACTORS_RETIRED);
        assertThat(notice(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "twofold-sms")).kind()).isEqualTo(Kind.FACTOR_REMOVED);
        assertThat(notice(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp")).kind()).isEqualTo(Kind.FACTOR_REMOVED);
    }

    @Test
    void failuresSignInSummariesAndOtherEventsSendNothing() {
        assertThat(SecurityNotices.of(event(EventType.UPDATE_CREDENTIAL, "invalid_code", Map.of("twofold_event", "phone_enrolled")))).isEmpty();
        assertThat(SecurityNotices.of(event(EventType.LOGIN, null, Map.of("twofold_event", "emergency_access_used"))))
                .as("the sign-in's LOGIN event repeats what its step reported").isEmpty();
        assertThat(SecurityNotices.of(event(EventType.CUSTOM_REQUIRED_ACTION, null, Map.of("twofold_event", "sms_sent")))).isEmpty();
        assertThat(SecurityNotices.of(event(EventType.REMOVE_CREDENTIAL, null, Map.of("credential_type", "password")))).isEmpty();
        assertThat(SecurityNotices.of(event(EventType.LOGIN, null, Map.of()))).isEmpty();
    }

    @Test
    void factorsAddedThroughKeycloaksOwnActionsAndTheAppApiAreTold() {
        for (String type : new String[] {"otp", "webauthn", "webauthn-passwordless", "recovery-authn-codes"}) {
            assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", type)).kind()).as(type).isEqualTo(Kind.FACTOR_ADDED);
        }
        assertThat(SecurityNotices.of(event(EventType.UPDATE_CREDENTIAL, null, Map.of("credential_type", "password")))).isEmpty();
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp", "twofold_event", "app_added")).kind()).isEqualTo(Kind.FACTOR_ADDED);
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "second_factor_unlocked")).kind()).isEqualTo(Kind.SECOND_FACTOR_UNLOCKED);
    }

    @Test
    void anEmailChangeIsToldAtTheOldAddress() {
        assertThat(notice(EventType.UPDATE_EMAIL, Map.of("previous_email", "old@example.test", "updated_email", "new@example.test")))
                .isEqualTo(new SecurityNotices.Notice(Kind.EMAIL_CHANGED, null, "old@example.test"));
        assertThat(notice(EventType.UPDATE_PROFILE, Map.of("previous_email", "old@example.test", "updated_email", "new@example.test")).to())
                .isEqualTo("old@example.test");
        assertThat(SecurityNotices.of(event(EventType.UPDATE_PROFILE, null, Map.of("previous_first_name", "A", "updated_first_name", "B"))))
                .as("a name change").isEmpty();
        assertThat(SecurityNotices.of(event(EventType.UPDATE_PROFILE, null, Map.of("previous_email", "a@example.test", "updated_email", "A@example.test"))))
                .as("only the case").isEmpty();
    }

    /** The "this wasn't me" link may remove only what the notice's own event named. */
    @Test
    void aNoticeNamesTheCredentialItsEventCreated() {
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("twofold_event", "phone_enrolled", "twofold_phone", "+49******6789",
                "credential_id", "cred-1")).credentialId()).isEqualTo("cred-1");
        assertThat(notice(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp", "credential_id", "cred-2")).credentialId()).isEqualTo("cred-2");
        assertThat(notice(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "backup_code_used", "twofold_backup_codes_remaining", "3"))
                .credentialId()).as("nothing was created").isNull();
    }

    @Test
    void everyTwofoldEventIsDecidedByEachConsumer() {
        java.util.Set<io.github.twofold.audit.TwofoldEvent> notified = java.util.EnumSet.noneOf(io.github.twofold.audit.TwofoldEvent.class);
        java.util.Set<io.github.twofold.audit.TwofoldEvent> endingTrust = java.util.EnumSet.noneOf(io.github.twofold.audit.TwofoldEvent.class);
        for (io.github.twofold.audit.TwofoldEvent known : io.github.twofold.audit.TwofoldEvent.values()) {
            if (SecurityNotices.of(event(EventType.CUSTOM_REQUIRED_ACTION, null, Map.of("twofold_event", known.key()))).isPresent()) {
                notified.add(known);
            }
            if (TrustRevocationListenerFactory.endsTrust(known)) {
                endingTrust.add(known);
            }
            assertThat(io.github.twofold.audit.TwofoldEvent.of(known.key())).contains(known);
        }
        assertThat(notified).extracting(io.github.twofold.audit.TwofoldEvent::key).containsExactlyInAnyOrder("phone_enrolled", "phone_replaced",
                "app_added", "backup_codes_created", "trusted_browser_added", "new_browser_sign_in", "new_network_sign_in", "new_country_sign_in", "change_reported", "backup_code_used", "second_factor_locked", "second_factor_unlocked",
                "emergency_access_used", "emergency_factors_retired");
        assertThat(endingTrust).extracting(io.github.twofold.audit.TwofoldEvent::key)
                .containsExactlyInAnyOrder("backup_codes_created", "emergency_access_granted", "emergency_factors_retired", "change_reported");
        assertThat(SecurityNotices.of(event(EventType.CUSTOM_REQUIRED_ACTION, null, Map.of("twofold_event", "phone_enroled"))))
                .as("a misspelt name is no event").isEmpty();
    }
}

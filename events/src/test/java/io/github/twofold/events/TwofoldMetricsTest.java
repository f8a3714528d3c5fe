package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/** What each event moves on a dashboard: codes checked by outcome, and nothing for codes that were never checked. */
class TwofoldMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TwofoldMetrics metrics = new TwofoldMetrics(registry);

    private static Event event(EventType type, Map<String, String> details) {
        Event e = new Event();
        e.setType(type);
        e.setRealmId("realm-id");
        e.setUserId("user-id");
        e.setDetails(new LinkedHashMap<>(details));
        return e;
    }

    private double codes(String method, String outcome) {
        var counter = registry.find("twofold.codes").tags("method", method, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void checkedCodesCountByMethodAndOutcome() {
        metrics.record(event(EventType.LOGIN_ERROR, Map.of("twofold_method", "sms", "twofold_reason", "wrong")));
        metrics.record(event(EventType.LOGIN, Map.of("twofold_method", "backup_code")));
        assertThat(codes("sms", "failure")).isEqualTo(1);
        assertThat(codes("backup_code", "success")).isEqualTo(1);
        assertThat(registry.find("twofold.backup.codes.used").counter().count()).isEqualTo(1);
    }

    @Test
    void aCodeRefusedForItsKindOrByALimitWasNeverCheckedAndIsNotCounted() {
        metrics.record(event(EventType.LOGIN_ERROR, Map.of("twofold_event", "factor_kind_refused", "twofold_method", "otp",
                "twofold_reason", "phishing_resistant_only")));
        metrics.record(event(EventType.LOGIN_ERROR, Map.of("twofold_method", "sms", "twofold_limit", "fail-user")));
        assertThat(codes("otp", "failure")).isZero();
        assertThat(codes("sms", "failure")).isZero();
        assertThat(registry.find("twofold.limit.trips").tags("kind", "fail-user").counter().count()).isEqualTo(1);
    }

    /** A code read out in a call is told apart from a text (a call usually costs more); anything else is a text. */
    @Test
    void sendsAreCountedByChannel() {
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "sms_sent", "twofold_gateway", "twilio",
                "twofold_phone", "+49*******6789", "twofold_channel", "call")));
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "sms_sent", "twofold_gateway", "twilio",
                "twofold_phone", "+49*******6789")));
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "sms_send_failed", "twofold_gateway", "twilio:retryable",
                "twofold_channel", "carrier-pigeon")));

        assertThat(registry.find("twofold.sms.sent").tags("channel", "call").counter().count()).isEqualTo(1);
        assertThat(registry.find("twofold.sms.sent").tags("channel", "text").counter().count()).isEqualTo(1);
        assertThat(registry.find("twofold.sms.failed").tags("gateway", "twilio", "channel", "text").counter().count()).isEqualTo(1);
    }

    /** E-mailed fallback codes are counted apart from texts: no SMS metric moves for them. */
    @Test
    void emailedCodesAreCountedApartFromTexts() {
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION, Map.of("twofold_event", "email_code_sent", "twofold_method", "email_code")));
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION_ERROR, Map.of("twofold_event", "email_code_send_failed", "twofold_method", "email_code")));

        assertThat(registry.find("twofold.email.codes").tags("action", "sent").counter().count()).isEqualTo(1);
        assertThat(registry.find("twofold.email.codes").tags("action", "failed").counter().count()).isEqualTo(1);
        assertThat(registry.find("twofold.sms.sent").counter()).isNull();
    }
}

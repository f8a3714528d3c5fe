package io.github.twofold.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class AuditRecordTest {

    private static Event event(EventType type, String error, Map<String, String> details) {
        Event e = new Event();
        e.setTime(1_700_000_000_000L);
        e.setType(type);
        e.setRealmId("realm-id");
        e.setUserId("user-id");
        e.setClientId("demo-app");
        e.setIpAddress("203.0.113.7");
        e.setSessionId("session-123");
        e.setError(error);
        e.setDetails(new LinkedHashMap<>(details));
        return e;
    }

    @Test
    void aTypedUsernameWithLineBreaksAndEscapesStaysOneAsciiLine() throws Exception {
        String evil = "mallory\r\n2026-01-01 INFO [fake] admin logged in\u001b[31m\u2028${jndi:ldap://x}";
        String line = AuditRecord.of(event(EventType.LOGIN_ERROR, "user_not_found", Map.of("username", evil, "code_id", "abc")), "demo");

        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u2028");
        assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("printable ASCII only").isTrue();
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.path("details").path("username").asText()).as("the value survives, encoded").isEqualTo(evil);
        assertThat(parsed.path("outcome").asText()).isEqualTo("error");
        assertThat(parsed.path("time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(parsed.path("session").asText()).hasSize(16).isNotEqualTo("session-123");
        assertThat(parsed.path("details").path("code_id").asText()).as("ids are hashed").isNotEqualTo("abc").hasSize(16);
        assertThat(line).doesNotContain("session-123");
    }

    @Test
    void overLongValuesAreCut() {
        String line = AuditRecord.of(event(EventType.LOGIN, null, Map.of("redirect_uri", "x".repeat(10_000))), "demo");
        assertThat(line.length()).isLessThan(2_000);
    }

    @Test
    void metricsCountTwofoldEventsWithoutPersonalTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TwofoldMetrics metrics = new TwofoldMetrics(registry);
        metrics.record(event(EventType.CUSTOM_REQUIRED_ACTION, null,
                Map.of("twofold_event", "sms_sent", "twofold_gateway", "twilio", "twofold_phone", "+49*******6789")));
        metrics.record(event(EventType.LOGIN_ERROR, "invalid_user_credentials", Map.of("twofold_method", "sms")));
        metrics.record(event(EventType.LOGIN, null, Map.of("twofold_method", "backup_code")));
        metrics.record(event(EventType.LOGIN_ERROR, "twofold_limit", Map.of("twofold_method", "sms", "twofold_limit", "account_delay")));

        assertThat(registry.get("twofold.sms.sent").tag("gateway", "twilio").tag("calling_code", "49").counter().count()).isEqualTo(1);
        assertThat(registry.get("twofold.codes").tag("method", "sms").tag("outcome", "failure").counter().count()).isEqualTo(1);
        assertThat(registry.get("twofold.codes").tag("method", "backup_code").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get("twofold.backup.codes.used").counter().count()).isEqualTo(1);
        assertThat(registry.get("twofold.limit.trips").tag("kind", "account_delay").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain("6789").doesNotContain("user-id"));
    }
}

package io.github.twofold.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.code.SecretHash;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;

/**
 * One audit line per event: JSON, pure ASCII (every control character, line break, ANSI escape and
 * non-ASCII character is escaped), so a line can neither be split nor forged by what a user typed.
 * Session and token ids are hashed; admin representations (which may hold passwords or secrets)
 * are left out; values are cut at {@value #MAX_VALUE} characters. {@code id} is the event's own
 * unique id (the same in every delivery of one event), so a webhook receiver can refuse a replay.
 */
public final class AuditRecord {

    static final int MAX_VALUE = 512;

    /** Details that identify a session or token: kept only as a short hash, for correlation. */
    private static final Set<String> HASHED_DETAILS = Set.of("code_id", "token_id", "refresh_token_id",
            "updated_refresh_token_id", "access_token_id", "reason_token_id");

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private AuditRecord() {
    }

    public static String of(Event event, String realmName) {
        ObjectNode line = JSON.createObjectNode();
        put(line, "id", event.getId());
        line.put("time", Instant.ofEpochMilli(event.getTime()).toString());
        line.put("kind", "user");
        put(line, "realm", realmName);
        put(line, "realmId", event.getRealmId());
        put(line, "userId", event.getUserId());
        put(line, "client", event.getClientId());
        put(line, "ip", event.getIpAddress());
        put(line, "session", hash(event.getSessionId()));
        put(line, "type", event.getType() == null ? null : event.getType().name());
        line.put("outcome", event.getError() == null ? "success" : "error");
        put(line, "error", event.getError());
        if (event.getDetails() != null && !event.getDetails().isEmpty()) {
            ObjectNode details = line.putObject("details");
            for (Map.Entry<String, String> d : new TreeMap<>(event.getDetails()).entrySet()) {
                put(details, d.getKey(), HASHED_DETAILS.contains(d.getKey()) ? hash(d.getValue()) : d.getValue());
            }
        }
        return write(line);
    }

    public static String of(AdminEvent event, String realmName) {
        ObjectNode line = JSON.createObjectNode();
        put(line, "id", event.getId());
        line.put("time", Instant.ofEpochMilli(event.getTime()).toString());
        line.put("kind", "admin");
        put(line, "realm", realmName);
        put(line, "realmId", event.getRealmId());
        put(line, "type", event.getOperationType() == null ? null : event.getOperationType().name());
        put(line, "resourceType", event.getResourceTypeAsString());
        put(line, "resourcePath", event.getResourcePath());
        line.put("outcome", event.getError() == null ? "success" : "error");
        put(line, "error", event.getError());
        AuthDetails auth = event.getAuthDetails();
        if (auth != null) {
            put(line, "adminRealmId", auth.getRealmId());
            put(line, "adminUserId", auth.getUserId());
            put(line, "client", auth.getClientId());
            put(line, "ip", auth.getIpAddress());
        }
        if (event.getDetails() != null && !event.getDetails().isEmpty()) {
            ObjectNode details = line.putObject("details");
            new TreeMap<>(event.getDetails()).forEach((k, v) -> put(details, k, v));
        }
        return write(line);
    }

    private static void put(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(cut(key, 64), cut(value, MAX_VALUE));
        }
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }

    private static String hash(String value) {
        return value == null ? null : SecretHash.digest("session|" + value).substring(0, 16);
    }

    private static String write(ObjectNode line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit record not writable", e);
        }
    }
}

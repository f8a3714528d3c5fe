package io.github.twofold.web.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.util.JsonSerialization;

/** The app API's JSON in and out; a body that is not JSON, or too large, is a 400 problem. */
final class Json {

    /** Larger bodies are refused before they are parsed. */
    static final int MAX_BODY = 4096;

    private Json() {
    }

    static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw Problem.badRequest("The request needs a JSON object body.");
        }
        if (body.length() > MAX_BODY) {
            throw Problem.badRequest("The request body is larger than " + MAX_BODY + " characters.");
        }
        try {
            JsonNode node = JsonSerialization.mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw Problem.badRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw Problem.badRequest("The request body is not valid JSON.");
        }
    }

    /**
     * A string member that must be present, at most {@code max} characters long, without control
     * characters (a label or a code is one line; no database stores a NUL in text).
     */
    static String text(JsonNode body, String member, int max) {
        JsonNode value = body.get(member);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw Problem.badRequest("'" + member + "' must be a non-empty string.");
        }
        if (value.asText().length() > max) {
            throw Problem.badRequest("'" + member + "' is longer than " + max + " characters.");
        }
        if (value.asText().chars().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest("'" + member + "' must not contain control characters (line breaks, tabs, NUL).");
        }
        return value.asText().trim();
    }

    /** An optional string member (null when absent). */
    static String optionalText(JsonNode body, String member, int max) {
        JsonNode value = body.get(member);
        return value == null || value.isNull() ? null : text(body, member, max);
    }
}

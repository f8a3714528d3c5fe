package io.github.twofold.web.app;

import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error of the app API as RFC 9457 problem details: {@code type} (a stable URN an application can
 * switch on), {@code title}, {@code status}, {@code detail}, and extension members where the
 * application can act on them (e.g. {@code acr_values} and {@code max_age} to re-authenticate).
 * Details never contain a code, a secret or a full phone number.
 */
public final class Problem extends WebApplicationException {

    public static final MediaType MEDIA_TYPE = MediaType.valueOf("application/problem+json");
    private static final String TYPE_PREFIX = "urn:twofold:problem:";

    private final transient Map<String, Object> body;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public Problem(Response.Status status, String type, String title, String detail) {
        super(detail, status);
        body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status.getStatusCode());
        body.put("detail", detail);
    }

    /** Adds an extension member. */
    public Problem with(String member, Object value) {
        body.put(member, value);
        return this;
    }

    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, Object> body() {
        return body;
    }

    public Response.ResponseBuilder toResponse() {
        Response.ResponseBuilder response = Response.status((int) body.get("status")).type(MEDIA_TYPE).entity(Json.write(body));
        headers.forEach(response::header);
        return response.header("Cache-Control", "no-store");
    }

    @Override
    public Response getResponse() {
        return toResponse().build();
    }

    /**
     * 429 for a limit that refused the request: the limit's {@code reason} and {@code retryAfter}
     * members and the Retry-After header, so an application can wait and say why.
     */
    /**
     * A code refused by a limit: {@code waitDetail} with {@code Retry-After} when waiting helps (a
     * {@linkplain LimitKind#timed timed} limit); {@code usedUpDetail} and no {@code Retry-After} when
     * the code itself had its tries (a client that waited would only be refused again).
     */
    public static Problem codeRefused(String waitDetail, String usedUpDetail, LimitDecision refusal) {
        if (!refusal.kind().timed()) {
            return new Problem(Response.Status.TOO_MANY_REQUESTS, "too-many-attempts", "Too many wrong codes", usedUpDetail)
                    .with("reason", refusal.kind().eventValue());
        }
        return limited("too-many-attempts", "Too many wrong codes", waitDetail, refusal);
    }

    public static Problem limited(String type, String title, String detail, LimitDecision refusal) {
        long seconds = Math.max(1, refusal.retryAfterSeconds());
        return new Problem(Response.Status.TOO_MANY_REQUESTS, type, title, detail).with("reason", refusal.kind().eventValue())
                .with("retryAfter", refusal.retryAfterSeconds()).header("Retry-After", Long.toString(seconds));
    }

    public static Problem badRequest(String detail) {
        return new Problem(Response.Status.BAD_REQUEST, "invalid-request", "The request is not valid", detail);
    }
}

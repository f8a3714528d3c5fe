package io.github.twofold.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Optional;

/**
 * What a request filter that guards one of Keycloak's own endpoints reads of a request, read the
 * way Keycloak's routing reads it, so a request cannot look different to the rule than to the
 * endpoint: the path without matrix parameters or empty segments, and the body, which Keycloak
 * still receives whole.
 */
public final class GatedRequest {

    /** The most of a body a rule looks at; a longer body is one the rule could not read. */
    public static final int MAX_BODY = 1 << 20;

    private GatedRequest() {
    }

    /**
     * The request's path as Keycloak routes it ({@code /realms/r/account/}): matrix parameters
     * ({@code ;v=1}) and empty segments ({@code //}) dropped, as they are when path parameters are
     * matched.
     */
    public static String path(ContainerRequestContext request) {
        String raw = request.getUriInfo().getPath();
        StringBuilder path = new StringBuilder();
        for (String segment : raw.split("/")) {
            int matrix = segment.indexOf(';');
            String name = matrix < 0 ? segment : segment.substring(0, matrix);
            if (!name.isEmpty()) {
                path.append('/').append(name);
            }
        }
        return path.append(raw.endsWith("/") ? "/" : "").toString();
    }

    /**
     * The body, when it is at most {@link #MAX_BODY} bytes; empty when it is longer, which a rule
     * must treat as a body that may do what it guards against. Either way the endpoint gets the
     * whole body, not the part read here.
     */
    public static Optional<byte[]> body(ContainerRequestContext request) throws IOException {
        InputStream in = request.getEntityStream();
        byte[] head = in.readNBytes(MAX_BODY + 1);
        if (head.length > MAX_BODY) {
            request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
            return Optional.empty();
        }
        request.setEntityStream(new ByteArrayInputStream(head));
        return Optional.of(head);
    }
}

package io.github.twofold.web.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the API serves is the one in docs/, and it names every endpoint the resource has. */
class OpenApiDocumentTest {

    @Test
    void docsHoldTheServedDocumentWithEveryEndpoint() throws IOException {
        String served;
        try (InputStream in = AppApiResource.class.getResourceAsStream(AppApiResource.OPENAPI)) {
            served = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(Path.of("..", "docs", "app-api.openapi.json"))).isEqualTo(served);
        JsonNode paths = new ObjectMapper().readTree(served).path("paths");
        for (java.lang.reflect.Method m : AppApiResource.class.getDeclaredMethods()) {
            jakarta.ws.rs.Path path = m.getAnnotation(jakarta.ws.rs.Path.class);
            if (path == null || path.value().startsWith("{any")) {
                continue;
            }
            String key = "/" + path.value();
            String verb = m.isAnnotationPresent(jakarta.ws.rs.GET.class) ? "get" : m.isAnnotationPresent(jakarta.ws.rs.POST.class) ? "post" : "delete";
            assertThat(paths.path(key).has(verb)).as(verb + " " + key + " documented").isTrue();
        }
    }
}

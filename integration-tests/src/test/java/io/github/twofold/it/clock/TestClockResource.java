package io.github.twofold.it.clock;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.common.util.Time;

/** TEST ONLY: reads and sets the server clock's offset in seconds (see {@link TestClockProviderFactory}). */
public class TestClockResource {

    @GET
    @Path("offset")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> get() {
        return Map.of("offset", Time.getOffset(), "now", Time.currentTime());
    }

    @PUT
    @Path("offset")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> set(@QueryParam("offset") int offset) {
        Time.setOffset(offset);
        return get();
    }
}

package io.github.twofold.web;

import io.github.twofold.web.app.AppApiResource;
import io.github.twofold.web.devinbox.DevInboxResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/<realm>/twofold/...}: the demo SMS inbox and the app API. */
public class TwofoldRealmResource {

    private final KeycloakSession session;

    public TwofoldRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("dev-inbox")
    public DevInboxResource devInbox() {
        return new DevInboxResource(session);
    }

    @Path("account")
    public AppApiResource account() {
        return new AppApiResource(session);
    }
}

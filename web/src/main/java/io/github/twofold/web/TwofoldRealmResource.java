package io.github.twofold.web;

import io.github.twofold.web.app.AppApiResource;
import io.github.twofold.web.devinbox.DevInboxResource;
import io.github.twofold.web.report.NotMeResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/<realm>/twofold/...}: the demo SMS inbox, the app API and the "this wasn't me" page. */
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

    @Path("not-me")
    public NotMeResource notMe() {
        return new NotMeResource(session);
    }
}

package io.github.twofold.web;

import io.github.twofold.web.app.AppApiResource;
import io.github.twofold.web.devinbox.DevInboxResource;
import io.github.twofold.web.report.NotMeResource;
import io.github.twofold.web.sms.SmsStatusResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/<realm>/twofold/...}: the demo SMS inbox, the app API, the "this wasn't me" page and the SMS delivery reports. */
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

    @Path("sms-status")
    public SmsStatusResource smsStatus() {
        return new SmsStatusResource(session);
    }

    @Path("not-me")
    public NotMeResource notMe() {
        return new NotMeResource(session);
    }
}

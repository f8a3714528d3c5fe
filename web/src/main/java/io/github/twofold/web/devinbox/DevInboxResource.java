package io.github.twofold.web.devinbox;

import io.github.twofold.sms.devinbox.DevInboxSmsGatewayFactory;
import io.github.twofold.sms.devinbox.DevInbox;
import io.github.twofold.sms.SmsGateway;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.keycloak.models.KeycloakSession;

/** The demo SMS inbox page; 404 unless the dev-inbox gateway is enabled. */
public class DevInboxResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final KeycloakSession session;

    public DevInboxResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response inbox() {
        if (!(session.getKeycloakSessionFactory().getProviderFactory(SmsGateway.class, DevInboxSmsGatewayFactory.PROVIDER_ID)
                instanceof DevInboxSmsGatewayFactory inbox) || !inbox.isConfigured()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN).entity("Not found").build();
        }
        String realm = session.getContext().getRealm().getName();
        StringBuilder rows = new StringBuilder();
        for (DevInbox.Message m : DevInbox.of(realm)) {
            rows.append("<tr><td>").append(TIME.format(m.at())).append("</td><td>").append(esc(m.maskedNumber()))
                    .append("</td><td class=\"text\">").append(esc(m.text())).append("</td></tr>");
        }
        if (rows.length() == 0) {
            rows.append("<tr><td colspan=\"3\" class=\"empty\">No messages yet. Sign in as a user with a phone, and the code appears here.</td></tr>");
        }
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"3\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>Twofold demo SMS inbox</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#151515}"
                + ".warn{background:#fdf7e7;border-left:4px solid #f0ab00;padding:.75rem 1rem}"
                + "table{border-collapse:collapse;width:100%;margin-top:1rem}td,th{border-bottom:1px solid #d2d2d2;padding:.5rem;text-align:left}"
                + "td.text{font-family:ui-monospace,monospace}td.empty{color:#6a6e73}</style></head><body>"
                + "<h1>Demo SMS inbox</h1><p class=\"warn\">Realm <b>" + esc(realm) + "</b>. The <code>dev-inbox</code> gateway keeps the last "
                + DevInbox.CAPACITY + " messages in memory instead of sending them. For demos only; this page refreshes every 3 seconds.</p>"
                + "<table><thead><tr><th>Time</th><th>To</th><th>Message</th></tr></thead><tbody>" + rows + "</tbody></table></body></html>";
        return Response.ok(html).header("Cache-Control", "no-store").header("X-Robots-Tag", "noindex").build();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.github.twofold.web.sms;

import io.github.twofold.sms.DeliveryReport;
import io.github.twofold.sms.DeliveryReports;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.http.HttpSmsGatewayFactory;
import io.github.twofold.sms.http.HttpStatusCallback;
import io.github.twofold.sms.twilio.TwilioSmsGatewayFactory;
import io.github.twofold.sms.twilio.TwilioStatusCallback;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /realms/{realm}/twofold/sms-status/twilio}: Twilio's delivery reports (and
 * {@code .../sms-status/http}: the {@code http} gateway's, see {@link #http}). Only a report
 * Twilio signed for this realm's address is counted; anything else is refused before it is read.
 * Answers name only the outcome: 204 counted, 409 already counted, 403 not signed by Twilio, 400 a
 * signed report Twofold cannot read, 404 when the gateway does not ask for reports.
 */
public class SmsStatusResource {

    private final KeycloakSession session;

    public SmsStatusResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("twilio")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response twilio() {
        Optional<TwilioStatusCallback> callback = twilioCallback();
        if (callback.isEmpty()) {
            return refused(Response.Status.NOT_FOUND, "delivery_reports_off");
        }
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> fields = fields(session.getContext().getHttpRequest().getDecodedFormParameters());
        String signature = session.getContext().getRequestHeaders().getHeaderString("X-Twilio-Signature");
        if (fields == null || !callback.get().signed(TwilioStatusCallback.url(session, realm), fields, signature)) {
            return refused(Response.Status.FORBIDDEN, "signature_invalid");
        }
        Optional<DeliveryReport> report = TwilioStatusCallback.report(fields);
        if (report.isEmpty()) {
            return refused(Response.Status.BAD_REQUEST, "report_unreadable");
        }
        return recorded(report.get());
    }

    /**
     * {@code POST .../sms-status/http}: the {@code http} gateway's reports, in Twofold's documented
     * shape and signature ({@link HttpStatusCallback}). Same answers as Twilio's; a body over
     * {@link HttpStatusCallback#MAX_BYTES} is refused ({@code 413}) before it is hashed or read.
     */
    @POST
    @Path("http")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response http(byte[] body) {
        Optional<HttpStatusCallback> callback = Optional.ofNullable((HttpSmsGatewayFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(SmsGateway.class, HttpSmsGatewayFactory.PROVIDER_ID)).flatMap(HttpSmsGatewayFactory::statusCallback);
        if (callback.isEmpty()) {
            return refused(Response.Status.NOT_FOUND, "delivery_reports_off");
        }
        if (body == null || body.length > HttpStatusCallback.MAX_BYTES) {
            return refused(Response.Status.REQUEST_ENTITY_TOO_LARGE, "report_too_large");
        }
        String signature = session.getContext().getRequestHeaders().getHeaderString(HttpStatusCallback.SIGNATURE_HEADER);
        if (!callback.get().signed(body, signature)) {
            return refused(Response.Status.FORBIDDEN, "signature_invalid");
        }
        Optional<DeliveryReport> report = HttpStatusCallback.report(body);
        if (report.isEmpty()) {
            return refused(Response.Status.BAD_REQUEST, "report_unreadable");
        }
        return recorded(report.get());
    }

    private Response recorded(DeliveryReport report) {
        return DeliveryReports.record(session, session.getContext().getRealm(), report) == DeliveryReports.Outcome.RECORDED
                ? Response.noContent().build()
                : refused(Response.Status.CONFLICT, "already_reported");
    }

    private static Response refused(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity("{\"error\":\"" + error + "\"}").build();
    }

    private Optional<TwilioStatusCallback> twilioCallback() {
        return Optional.ofNullable((TwilioSmsGatewayFactory) session.getKeycloakSessionFactory()
                        .getProviderFactory(SmsGateway.class, TwilioSmsGatewayFactory.PROVIDER_ID))
                .flatMap(TwilioSmsGatewayFactory::statusCallback);
    }

    /** One value per field, as Twilio posts them; a field given twice is not Twilio's. */
    private static Map<String, String> fields(MultivaluedMap<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, java.util.List<String>> field : form.entrySet()) {
            if (field.getValue().size() != 1) {
                return null;
            }
            fields.put(field.getKey(), field.getValue().get(0));
        }
        return fields;
    }
}

package io.github.twofold.web.app;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.compat.CorsOrigins;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

/**
 * {@code /realms/{realm}/twofold/account}: the user's second factors for an application's own
 * "Security" screen, with the user's access token. Reading needs a valid token of an application the
 * policy lists; every change needs a second factor verified within the policy's freshness window in
 * the session behind the token (403 with {@code acr_values} and {@code max_age} otherwise) and
 * follows the same rules as the sign-in pages: factor kinds, the last factor, limits on typed codes,
 * events and security e-mails. Errors are RFC 9457 problem details; CORS follows the application's
 * web origins.
 */
public class AppApiResource {

    static final String OPENAPI = "/io/github/twofold/web/app/openapi.json";
    private static final Pattern CREDENTIAL_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    private final KeycloakSession session;
    private final AppRequests requests;
    private final AppTotpEnrollment totp;
    private final AppPhoneEnrollment phone;

    public AppApiResource(KeycloakSession session) {
        this.session = session;
        this.requests = new AppRequests(session);
        this.totp = new AppTotpEnrollment(session, requests);
        this.phone = new AppPhoneEnrollment(session, requests);
    }

    /** CORS preflight for every path of the API (no token involved). */
    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder().preflight().allowedMethods("GET", "POST", "DELETE").auth().add(Response.ok());
    }

    /** The OpenAPI document of this API (public). */
    @GET
    @Path("openapi.json")
    public Response openApi() {
        try (InputStream in = AppApiResource.class.getResourceAsStream(OPENAPI)) {
            return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8), AppRequests.JSON).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user's second factors, masked phone, backup codes left and trusted browsers. */
    @GET
    @Path("factors")
    public Response status() {
        return respond(caller -> AppFactorList.of(session, caller));
    }

    /** Starts an authenticator-app enrollment: the otpauth URI, the secret (this once) and its QR code. */
    @POST
    @Path("totp")
    public Response startTotp() {
        return respond(totp::start);
    }

    /** Confirms an enrollment with a code from the app; stores the credential once. */
    @POST
    @Path("totp/confirm")
    public Response confirmTotp(String rawBody) {
        return respond(caller -> totp.confirm(caller, rawBody));
    }

    /** Sends a code to a phone to enroll (or replace the user's phone), through the same limits as the pages. */
    @POST
    @Path("phone")
    public Response startPhone(String rawBody) {
        return respond(caller -> phone.start(caller, rawBody));
    }

    /** Confirms the phone with the code sent to it; stores it (replacing a previous phone). */
    @POST
    @Path("phone/confirm")
    public Response confirmPhone(String rawBody) {
        return respond(caller -> phone.confirm(caller, rawBody));
    }

    /** A new set of backup codes (the old set stops working), shown in this response only. */
    @POST
    @Path("backup-codes")
    public Response newBackupCodes() {
        return respond(caller -> {
            requests.mayChange(caller);
            BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(TwofoldRequest.of(session, caller.realm()).policy().backupCodeCount());
            String created = TwofoldRequest.of(session, caller.realm()).backupCodes().activate(caller.user(), set);
            TwofoldEvents.credentialChanged(requests.event(caller, EventType.UPDATE_CREDENTIAL), BackupCodesCredentialModel.TYPE, TwofoldEvent.BACKUP_CODES_CREATED,
                    TwofoldEvents.METHOD_BACKUP_CODE).detail(TwofoldEvents.REMAINING, Integer.toString(set.codes().size()))
                    .detail(Details.CREDENTIAL_ID, created).success();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("codes", set.codes().stream().map(BackupCodeFormat::display).toList());
            return AppRequests.created(out);
        });
    }

    /** Removes one of the user's second factors (never the last one the policy requires). */
    @DELETE
    @Path("factors/{id}")
    public Response remove(@PathParam("id") String id) {
        return respond(caller -> {
            if (id == null || !CREDENTIAL_ID.matcher(id).matches()) {
                throw Problem.badRequest("Not a factor id.");
            }
            CredentialModel credential = caller.user().credentialManager().getStoredCredentialById(id);
            if (credential == null || !SecondFactors.isSecondFactor(credential.getType())) {
                throw new Problem(Response.Status.NOT_FOUND, "factor-not-found", "No such factor", "The user has no second factor with this id.");
            }
            requests.mayChange(caller);
            if (!SecondFactors.mayRemove(session, caller.realm(), caller.user(), caller.client(), id, credential.getType())) {
                requests.event(caller, EventType.REMOVE_CREDENTIAL_ERROR).detail(Details.CREDENTIAL_TYPE, credential.getType())
                        .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVAL_REFUSED.key()).detail(TwofoldEvents.REASON, "last_second_factor")
                        .error("twofold_last_second_factor");
                throw new Problem(Response.Status.CONFLICT, "last-second-factor", "This is the last second factor",
                        "The realm requires a second factor: add another one before removing this one.");
            }
            caller.user().credentialManager().removeStoredCredentialById(id);
            requests.event(caller, EventType.REMOVE_CREDENTIAL).detail(Details.CREDENTIAL_TYPE, credential.getType())
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVED.key()).success();
            return Response.noContent();
        });
    }

    /** Runs an endpoint for an authenticated caller; problems become problem JSON; CORS either way. */
    private Response respond(Endpoint endpoint) {
        Cors cors = Cors.builder().auth().allowedMethods("GET", "POST", "DELETE").exposedHeaders("Retry-After", HttpHeaders.WWW_AUTHENTICATE);
        Response.ResponseBuilder response;
        try {
            AppCaller caller = AppCaller.authenticate(session);
            CorsOrigins.allowFor(cors, caller.token());
            response = endpoint.call(caller).header("Cache-Control", "no-store");
        } catch (Problem problem) {
            response = problem.toResponse();
        }
        return cors.add(response);
    }

    @FunctionalInterface
    private interface Endpoint {
        Response.ResponseBuilder call(AppCaller caller);
    }
}

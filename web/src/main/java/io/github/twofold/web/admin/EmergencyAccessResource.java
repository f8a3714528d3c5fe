package io.github.twofold.web.admin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.emergency.EmergencyAccessRole;
import io.github.twofold.emergency.EmergencyCode;
import io.github.twofold.emergency.EmergencyGrant;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.recovery.AccountRecovery;
import io.github.twofold.recovery.RecoveryRecord;
import io.github.twofold.report.ReportHold;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/twofold-emergency-access/users/{userId}}: grant (POST), show (GET,
 * never the code) and revoke (DELETE) a user's emergency access. The caller needs the
 * {@value EmergencyAccess#ROLE} role AND the right to manage that user, and cannot grant to
 * themself. Every change is an admin event (without the code) and a user event. Also
 * {@code DELETE .../users/{userId}/lock}: an admin's unlock of the user's second step, and
 * {@code GET|DELETE .../users/{userId}/report-hold}: the hold after a "this wasn't me" report, and
 * {@code GET .../report-holds}: every user on hold; {@code GET|DELETE .../users/{userId}/recovery}
 * and {@code GET .../recoveries}: open self-service recoveries.
 */
public class EmergencyAccessResource {

    public static final String RESOURCE_TYPE = "TWOFOLD_EMERGENCY_ACCESS";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public EmergencyAccessResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    /** Body of a grant. */
    public static class GrantRequest {
        public String reason;
        public Integer lifetimeMinutes;
        /** What the user lost: {@code all} (default) or {@code phone}; retired once the sign-in set up a new factor. */
        public String lost;
    }

    @POST
    @Path("users/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response grant(@PathParam("userId") String userId, GrantRequest request) {
        UserModel user = target(userId);
        if (auth.adminAuth().getUser().getId().equals(user.getId())) {
            throw ErrorResponse.error("You cannot grant emergency access to yourself.", Response.Status.FORBIDDEN);
        }
        String reason = request == null || request.reason == null ? "" : request.reason.strip();
        if (reason.isEmpty()) {
            throw ErrorResponse.error("A reason is required.", Response.Status.BAD_REQUEST);
        }
        if (reason.length() > EmergencyAccess.MAX_REASON_LENGTH || reason.chars().anyMatch(Character::isISOControl)) {
            throw ErrorResponse.error("The reason must be one line of at most " + EmergencyAccess.MAX_REASON_LENGTH + " characters.",
                    Response.Status.BAD_REQUEST);
        }
        int max = TwofoldRequest.of(session, realm).policy().emergencyAccessMaxLifetimeMinutes();
        int minutes = request.lifetimeMinutes == null ? Math.min(EmergencyAccess.DEFAULT_LIFETIME_MINUTES, max) : request.lifetimeMinutes;
        if (minutes < 1 || minutes > max) {
            throw ErrorResponse.error("The lifetime must be between 1 and " + max + " minutes.", Response.Status.BAD_REQUEST);
        }
        EmergencyGrant.Lost lost = request.lost == null ? EmergencyGrant.Lost.ALL : EmergencyGrant.Lost.of(request.lost);
        if (lost == null) {
            throw ErrorResponse.error("lost must be all or phone.", Response.Status.BAD_REQUEST);
        }
        EmergencyAccess.Issued issued = TwofoldRequest.of(session, realm).emergencyAccess().grant(user, auth.adminAuth().getUser(), reason, minutes, lost);
        Map<String, Object> shown = describe(user, issued.grant());
        adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri()).representation(shown).success();
        userEvent(user, TwofoldEvent.EMERGENCY_ACCESS_GRANTED, issued.grant());
        Map<String, Object> body = new LinkedHashMap<>(shown);
        body.put("code", EmergencyCode.display(issued.code()));
        body.put("note", "Read the code to the verified user once. It is not stored and cannot be shown again.");
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> show(@PathParam("userId") String userId) {
        UserModel user = target(userId);
        return TwofoldRequest.of(session, realm).emergencyAccess().current(user).map(g -> List.of(describe(user, g))).orElse(List.of());
    }

    @DELETE
    @Path("users/{userId}")
    public Response revoke(@PathParam("userId") String userId) {
        UserModel user = target(userId);
        EmergencyAccess access = TwofoldRequest.of(session, realm).emergencyAccess();
        var grant = access.current(user);
        if (grant.isEmpty()) {
            throw ErrorResponse.error("This user has no emergency access.", Response.Status.NOT_FOUND);
        }
        access.revoke(user);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri())
                .representation(describe(user, grant.get())).success();
        userEvent(user, TwofoldEvent.EMERGENCY_ACCESS_REVOKED, grant.get());
        return Response.noContent().build();
    }

    /**
     * {@code DELETE users/{userId}/lock}: ends the user's second-step lock (Twofold's failure
     * streak) and Keycloak's own brute-force lock, so that someone who has only the password
     * cannot keep the user out. Needs Keycloak's right to manage the user (as Keycloak's own
     * unlock does), not the emergency-access role: it lets the user try again, it signs no one in.
     * An admin event, a user event and a security e-mail to the user.
     */
    @DELETE
    @Path("users/{userId}/lock")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> unlock(@PathParam("userId") String userId) {
        UserModel user = anyUser(userId);
        auth.users().requireManage(user);
        boolean twofold = TwofoldRequest.of(session, realm).guard().unlock(user.getId());
        boolean keycloak = session.loginFailures().getUserLoginFailure(realm, user.getId()) != null;
        if (keycloak) {
            session.loginFailures().removeUserLoginFailure(realm, user.getId());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", user.getId());
        out.put("secondStepWasLocked", twofold);
        out.put("keycloakFailuresCleared", keycloak);
        adminActed(user, TwofoldEvent.SECOND_FACTOR_UNLOCKED, out);
        return out;
    }

    /**
     * {@code GET report-holds}: every user of the realm whose second factors are on hold after a
     * "this wasn't me" report, the oldest hold first ({@code first}, {@code max} page through them,
     * at most 1,000 at a time). Needs Keycloak's right to view the realm's users.
     */
    @GET
    @Path("report-holds")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ReportHold.Held> reportHolds(@QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        auth.users().requireView();
        return ReportHold.list(session, realm, first == null ? 0 : first, max == null ? 100 : max);
    }

    /**
     * {@code GET users/{userId}/report-hold}: whether the user's second factors are on hold after a
     * "this wasn't me" report, and since when. Needs Keycloak's right to view the user.
     */
    @GET
    @Path("users/{userId}/report-hold")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> reportHold(@PathParam("userId") String userId) {
        UserModel user = anyUser(userId);
        auth.users().requireView(user);
        return describeHold(user);
    }

    /**
     * {@code DELETE users/{userId}/report-hold}: lifts the hold a "this wasn't me" report put on the
     * user's second factors, once the help desk has spoken to the user. Needs Keycloak's right to
     * manage the user (as the unlock). An admin event and a user event.
     */
    @DELETE
    @Path("users/{userId}/report-hold")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> liftReportHold(@PathParam("userId") String userId) {
        UserModel user = anyUser(userId);
        auth.users().requireManage(user);
        Map<String, Object> out = describeHold(user);
        if (!ReportHold.lift(user)) {
            throw ErrorResponse.error("This user's second factors are not on hold.", Response.Status.NOT_FOUND);
        }
        adminActed(user, TwofoldEvent.REPORT_HOLD_LIFTED, out);
        return out;
    }

    /**
     * {@code GET recoveries}: the realm's open self-service recoveries, the oldest first
     * ({@code first}, {@code max} page through them, at most 1,000 at a time). Needs Keycloak's
     * right to view the realm's users.
     */
    @GET
    @Path("recoveries")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> recoveries(@QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        auth.users().requireView();
        return AccountRecovery.open(session, realm.getId(), first == null ? 0 : first, max == null ? 100 : max).stream()
                .map(open -> describeRecovery(open.userId(), open.username(), open.record())).toList();
    }

    /**
     * {@code GET users/{userId}/recovery}: the user's open self-service recovery (when it started,
     * when its waiting period ends, whether the user was told it ended), or {@code open: false}.
     * Needs Keycloak's right to view the user.
     */
    @GET
    @Path("users/{userId}/recovery")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> recovery(@PathParam("userId") String userId) {
        UserModel user = anyUser(userId);
        auth.users().requireView(user);
        return new AccountRecovery(session, realm).current(user).map(record -> describeRecovery(user.getId(), user.getUsername(), record))
                .orElseGet(() -> {
                    Map<String, Object> none = new LinkedHashMap<>();
                    none.put("userId", user.getId());
                    none.put("open", false);
                    return none;
                });
    }

    /**
     * {@code DELETE users/{userId}/recovery}: cancels the user's open recovery (the help desk
     * doubts it is the user's). Needs Keycloak's right to manage the user. An admin event and a
     * user event ({@code recovery_cancelled}, reason {@code admin}, naming the admin).
     */
    @DELETE
    @Path("users/{userId}/recovery")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> cancelRecovery(@PathParam("userId") String userId) {
        UserModel user = anyUser(userId);
        auth.users().requireManage(user);
        AccountRecovery recovery = new AccountRecovery(session, realm);
        Map<String, Object> out = recovery.current(user).map(record -> describeRecovery(user.getId(), user.getUsername(), record))
                .orElseThrow(() -> ErrorResponse.error("This user has no open recovery.", Response.Status.NOT_FOUND));
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).representation(out).success();
        recovery.cancel(user, AccountRecovery.Cancellation.ADMIN, new EventBuilder(realm, session, session.getContext().getConnection())
                .detail(TwofoldEvents.ADMIN, auth.adminAuth().getUser().getUsername()));
        return out;
    }

    private static Map<String, Object> describeRecovery(String userId, String username, RecoveryRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("username", username);
        out.put("open", true);
        out.put("startedAt", record.data().startedAt);
        out.put("readyAt", record.data().readyAt);
        out.put("usableUntil", record.data().readyAt + AccountRecovery.USABLE_FOR.toSeconds());
        out.put("readyNoticeSent", record.data().readyNoticeSent);
        return out;
    }

    /** An admin ended something of the user's (a lock, a hold): the admin event, and the user event naming the admin. */
    private void adminActed(UserModel user, TwofoldEvent what, Map<String, Object> representation) {
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).representation(representation).success();
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CUSTOM_REQUIRED_ACTION)
                .user(user)
                .detail(TwofoldEvents.EVENT, what.key())
                .detail(TwofoldEvents.ADMIN, auth.adminAuth().getUser().getUsername())
                .success();
    }

    private static Map<String, Object> describeHold(UserModel user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", user.getId());
        out.put("onHold", ReportHold.holds(user));
        ReportHold.since(user).ifPresent(since -> out.put("since", since));
        return out;
    }

    /** A user of this realm, for the calls that need Keycloak's own rights only (not the emergency-access role). */
    private UserModel anyUser(String userId) {
        UserModel user = userId == null || userId.length() > 64 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            throw notFound();
        }
        return user;
    }

    /**
     * "No such user", told only to an admin who may look users up, as Keycloak's own user endpoints
     * do: to others it is the same 403 as a user they may not see, so ids cannot be probed.
     */
    private RuntimeException notFound() {
        return auth.users().canQuery() ? ErrorResponse.error("User not found.", Response.Status.NOT_FOUND)
                : ErrorResponse.error("Not allowed.", Response.Status.FORBIDDEN);
    }

    /** The user, if the caller may act on them: the role, then Keycloak's own "manage this user". */
    private UserModel target(String userId) {
        if (!EmergencyAccessRole.heldBy(session, auth.adminAuth(), realm)) {
            throw ErrorResponse.error("Emergency access needs the " + EmergencyAccess.ROLE + " role.", Response.Status.FORBIDDEN);
        }
        UserModel user = userId == null || userId.length() > 64 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            throw notFound();
        }
        auth.users().requireManage(user);
        return user;
    }

    private static Map<String, Object> describe(UserModel user, EmergencyGrant grant) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", user.getId());
        out.put("username", user.getUsername());
        out.put("reason", grant.data().reason);
        out.put("grantedBy", grant.data().grantedBy);
        out.put("grantedById", grant.data().grantedById);
        out.put("createdAt", grant.getCreatedDate() / 1000);
        out.put("expiresAt", grant.data().expiresAt);
        out.put("lost", grant.data().lost);
        out.put("expired", grant.expired(org.keycloak.common.util.Time.currentTime()));
        return out;
    }

    private void userEvent(UserModel user, TwofoldEvent twofoldEvent, EmergencyGrant grant) {
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CUSTOM_REQUIRED_ACTION)
                .user(user)
                .detail(TwofoldEvents.EVENT, twofoldEvent.key())
                .detail(TwofoldEvents.METHOD, TwofoldEvents.METHOD_EMERGENCY)
                .detail(TwofoldEvents.ADMIN, auth.adminAuth().getUser().getUsername())
                .detail(TwofoldEvents.REASON, grant.data().reason)
                .detail(TwofoldEvents.EXPIRES_AT, Long.toString(grant.data().expiresAt))
                .success();
    }
}

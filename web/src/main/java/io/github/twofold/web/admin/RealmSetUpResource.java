package io.github.twofold.web.admin;

import io.github.twofold.setup.RealmSetUp;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/twofold-setup}: add Twofold to a live realm or take it out again
 * ({@link RealmSetUp}). {@code GET} is the dry run of adding ({@code ?bind=true}: with the flows
 * bound), {@code GET removal} the dry run of taking it out; {@code POST} adds, {@code POST removal}
 * takes out (a POST, so that {@code kcadm.sh create -o} prints the answer). Every answer lists the
 * changes. Reading needs view-realm, changing manage-realm;
 * every change is an admin event listing what changed.
 */
public class RealmSetUpResource {

    public static final String RESOURCE_TYPE = "TWOFOLD_SETUP";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public RealmSetUpResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    /** Body of an addition. */
    public static class AddRequest {
        /** Also bind Twofold's flows as the realm's browser, direct-grant and reset-credentials flows. */
        public Boolean bind;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response planAddition(@QueryParam("bind") boolean bind, @QueryParam("format") String format) {
        auth.realm().requireViewRealm();
        return respond(answer("add", true, RealmSetUp.describe(new RealmSetUp(session, realm).additions(bind))), format);
    }

    @GET
    @Path("removal")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response planRemoval(@QueryParam("format") String format) {
        auth.realm().requireViewRealm();
        return respond(answer("remove", true, RealmSetUp.describe(removals())), format);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response add(AddRequest request, @QueryParam("format") String format) {
        auth.realm().requireManageRealm();
        boolean bind = request != null && Boolean.TRUE.equals(request.bind);
        List<String> done;
        try {
            done = RealmSetUp.apply(new RealmSetUp(session, realm).additions(bind));
        } catch (IllegalStateException conflict) {
            session.getTransactionManager().setRollbackOnly();
            throw ErrorResponse.error(conflict.getMessage(), Response.Status.CONFLICT);
        }
        Map<String, Object> answer = answer("add", false, done);
        adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri()).representation(answer).success();
        return respond(answer, format);
    }

    @POST
    @Path("removal")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response remove(@QueryParam("format") String format) {
        auth.realm().requireManageRealm();
        List<String> done = RealmSetUp.apply(removals());
        Map<String, Object> answer = answer("remove", false, done);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).representation(answer).success();
        return respond(answer, format);
    }

    /** JSON, or with {@code format=text} the summary and one change per line (what the script prints). */
    @SuppressWarnings("unchecked")
    private static Response respond(Map<String, Object> answer, String format) {
        if (!"text".equals(format)) {
            return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
        }
        StringBuilder text = new StringBuilder("Realm " + answer.get("realm") + ": " + answer.get("summary") + "\n");
        ((List<String>) answer.get("changes")).forEach(change -> text.append("  - ").append(change).append('\n'));
        return Response.ok(text.toString(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    private List<RealmSetUp.Change> removals() {
        try {
            return new RealmSetUp(session, realm).removals();
        } catch (IllegalStateException inUse) {
            throw ErrorResponse.error(inUse.getMessage(), Response.Status.CONFLICT);
        }
    }

    private Map<String, Object> answer(String action, boolean dryRun, List<String> changes) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("realm", realm.getName());
        answer.put("action", action);
        answer.put("dryRun", dryRun);
        answer.put("changes", changes);
        String count = changes.size() + " change" + (changes.size() == 1 ? "" : "s");
        answer.put("summary", changes.isEmpty() ? "nothing to " + action + ": Twofold is " + (action.equals("add") ? "in" : "out of") + " this realm already"
                : count + (dryRun ? " planned (dry run: nothing was changed)" : " made"));
        return answer;
    }
}

package io.github.twofold.web.admin;

import io.github.twofold.integrity.SignInCoverage;
import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/twofold-organizations}: the Twofold settings each organization sets
 * for its members ({@link OrganizationPolicy}), which the admin console shows as the
 * organization's {@code twofold.*} attributes. {@code GET} lists the organizations that have any,
 * with what is wrong with them; {@code GET {alias}} one organization's settings and the policy its
 * members sign in under; {@code PUT {alias}} replaces its settings after checking them (all
 * problems in one answer, nothing stored then) and keeps its other attributes. Reading needs
 * view-realm, changing manage-realm; a change is an admin event.
 */
public class OrganizationPolicyResource {

    public static final String RESOURCE_TYPE = "TWOFOLD_ORGANIZATION_POLICY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public OrganizationPolicyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.realm().requireViewRealm();
        List<Map<String, Object>> answer = new ArrayList<>();
        if (!realm.isOrganizationsEnabled()) {
            return answer;
        }
        provider().getAllStream()
                .filter(org -> org.getAttributes() != null
                        && org.getAttributes().keySet().stream().anyMatch(name -> name.startsWith(OrganizationPolicy.ATTRIBUTE_PREFIX)))
                .forEach(org -> answer.add(shown(org, false)));
        return answer;
    }

    @GET
    @Path("{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("alias") String alias) {
        auth.realm().requireViewRealm();
        return shown(organization(alias), true);
    }

    /** Body: setting key to value (a string, or a list for list settings); {@code {}} removes every override. */
    @PUT
    @Path("{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("alias") String alias, Map<String, Object> body) {
        auth.realm().requireManageRealm();
        OrganizationModel organization = organization(alias);
        Map<String, List<String>> twofold = new TreeMap<>();
        if (body != null) {
            body.forEach((key, value) -> twofold.put(OrganizationPolicy.ATTRIBUTE_PREFIX + key, values(value)));
        }
        List<String> problems = OrganizationPolicy.problems(twofold);
        if (!problems.isEmpty()) {
            throw ErrorResponse.error(String.join("; ", problems), Response.Status.BAD_REQUEST);
        }
        Map<String, List<String>> attributes = new HashMap<>();
        if (organization.getAttributes() != null) {
            organization.getAttributes().forEach((name, values) -> {
                if (!name.startsWith(OrganizationPolicy.ATTRIBUTE_PREFIX)) {
                    attributes.put(name, values);
                }
            });
        }
        twofold.forEach((name, values) -> {
            if (!values.isEmpty()) {
                attributes.put(name, values);
            }
        });
        organization.setAttributes(attributes);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(shown(organization, false)).success();
        return Response.noContent().build();
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(v -> v != null && !v.toString().isBlank()).map(Object::toString).toList();
        }
        String text = value.toString();
        return text.isBlank() ? List.of() : List.of(text);
    }

    private Map<String, Object> shown(OrganizationModel organization, boolean withEffectivePolicy) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("alias", organization.getAlias());
        shown.put("name", organization.getName());
        shown.put("enabled", organization.isEnabled());
        Map<String, String> overrides = new TreeMap<>(OrganizationPolicy.overrides(organization));
        shown.put("overrides", overrides);
        shown.put("problems", OrganizationPolicy.problems(organization.getAttributes()));
        // valid settings the realm's flow does not back: members could set up a factor no step asks for
        shown.put("warnings", SignInCoverage.organizationProblems(session, realm, organization));
        if (withEffectivePolicy) {
            // what a member signs in under: the realm's settings with the organization's in their place
            Map<String, String> effective = new LinkedHashMap<>();
            Map<String, String> realmValues = TwofoldRequest.of(session, realm).policy().settings();
            for (String key : OrganizationPolicy.OVERRIDABLE) {
                effective.put(key, overrides.getOrDefault(key, realmValues.get(key)));
            }
            shown.put("policy", effective);
            shown.put("realmOnly", PolicySchema.SETTINGS.stream().map(s -> s.key())
                    .filter(key -> !OrganizationPolicy.OVERRIDABLE.contains(key)).toList());
        }
        return shown;
    }

    private OrganizationModel organization(String alias) {
        if (!realm.isOrganizationsEnabled()) {
            throw ErrorResponse.error("Organizations are not enabled in this realm.", Response.Status.NOT_FOUND);
        }
        OrganizationModel organization = alias == null ? null : provider().getByAlias(alias);
        if (organization == null) {
            throw ErrorResponse.error("No organization with this alias.", Response.Status.NOT_FOUND);
        }
        return organization;
    }

    private OrganizationProvider provider() {
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        if (provider == null) {
            throw ErrorResponse.error("This server runs without Keycloak's organizations.", Response.Status.NOT_FOUND);
        }
        return provider;
    }
}

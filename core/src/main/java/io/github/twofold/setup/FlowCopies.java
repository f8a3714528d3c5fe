package io.github.twofold.setup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

/**
 * Twofold's flows in a realm, for {@link RealmSetUp}: copies of the reference realm's flows created
 * with their sub-flows and step configurations, deleted again, and whether anything else of the
 * realm uses one.
 */
final class FlowCopies {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ReferenceRealm reference;

    FlowCopies(KeycloakSession session, RealmModel realm, ReferenceRealm reference) {
        this.session = session;
        this.realm = realm;
        this.reference = reference;
    }

    /** The reference flow and every sub-flow it reaches, sub-flows first. */
    List<AuthenticationFlowRepresentation> withSubFlows(AuthenticationFlowRepresentation top) {
        Map<String, AuthenticationFlowRepresentation> byAlias = reference.flows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
        List<AuthenticationFlowRepresentation> ordered = new ArrayList<>();
        collect(top, byAlias, ordered);
        return ordered;
    }

    private static void collect(AuthenticationFlowRepresentation flow, Map<String, AuthenticationFlowRepresentation> byAlias,
                                List<AuthenticationFlowRepresentation> into) {
        for (AuthenticationExecutionExportRepresentation e : flow.getAuthenticationExecutions()) {
            if (e.getFlowAlias() != null && into.stream().noneMatch(f -> f.getAlias().equals(e.getFlowAlias()))) {
                collect(byAlias.get(e.getFlowAlias()), byAlias, into);
            }
        }
        into.add(flow);
    }

    void create(List<AuthenticationFlowRepresentation> group) {
        for (AuthenticationFlowRepresentation rep : group) {
            AuthenticationFlowModel flow = new AuthenticationFlowModel();
            flow.setAlias(rep.getAlias());
            flow.setDescription(rep.getDescription());
            flow.setProviderId(rep.getProviderId());
            flow.setTopLevel(rep.isTopLevel());
            flow.setBuiltIn(false);
            flow = realm.addAuthenticationFlow(flow);
            for (AuthenticationExecutionExportRepresentation e : rep.getAuthenticationExecutions()) {
                AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
                execution.setParentFlow(flow.getId());
                execution.setAuthenticator(e.getAuthenticator());
                execution.setRequirement(AuthenticationExecutionModel.Requirement.valueOf(e.getRequirement()));
                execution.setPriority(e.getPriority());
                execution.setAuthenticatorFlow(e.isAuthenticatorFlow());
                if (e.getFlowAlias() != null) {
                    execution.setFlowId(realm.getFlowByAlias(e.getFlowAlias()).getId());
                }
                if (e.getAuthenticatorConfig() != null) {
                    execution.setAuthenticatorConfig(config(e.getAuthenticatorConfig()).getId());
                }
                realm.addAuthenticatorExecution(execution);
            }
        }
    }

    /** The realm's step configuration of that alias, created from the reference when it has none. */
    private AuthenticatorConfigModel config(String alias) {
        AuthenticatorConfigModel existing = realm.getAuthenticatorConfigByAlias(alias);
        if (existing != null) {
            return existing;
        }
        AuthenticatorConfigRepresentation rep = reference.configs().stream().filter(c -> alias.equals(c.getAlias())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the reference realm has no step configuration " + alias));
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setAlias(alias);
        model.setConfig(new HashMap<>(rep.getConfig()));
        return realm.addAuthenticatorConfig(model);
    }

    void delete(AuthenticationFlowModel flow) {
        realm.getAuthenticationExecutionsStream(flow.getId()).toList().forEach(execution -> {
            realm.removeAuthenticatorExecution(execution);
            if (execution.isAuthenticatorFlow() && execution.getFlowId() != null) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(execution.getFlowId());
                if (sub != null && !sub.isTopLevel()) {
                    delete(sub);
                }
            }
        });
        realm.removeAuthenticationFlow(flow);
    }

    /** The step configurations the executions of these flows (and their sub-flows) use, and no other flow's. */
    List<AuthenticatorConfigModel> configsOnlyUsedBy(List<AuthenticationFlowModel> tops) {
        Set<String> flowIds = new LinkedHashSet<>();
        tops.forEach(top -> reach(top.getId(), flowIds));
        Set<String> inside = new LinkedHashSet<>();
        Set<String> outside = new LinkedHashSet<>();
        realm.getAuthenticationFlowsStream().forEach(flow -> realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> e.getAuthenticatorConfig() != null)
                .forEach(e -> (flowIds.contains(flow.getId()) ? inside : outside).add(e.getAuthenticatorConfig())));
        inside.removeAll(outside);
        return inside.stream().map(realm::getAuthenticatorConfigById).filter(Objects::nonNull).toList();
    }

    private void reach(String flowId, Set<String> into) {
        if (into.add(flowId)) {
            realm.getAuthenticationExecutionsStream(flowId).filter(e -> e.isAuthenticatorFlow() && e.getFlowId() != null)
                    .forEach(e -> reach(e.getFlowId(), into));
        }
    }

    /** Whether anything but the three bindings this class manages uses the flow (a client's or a provider's override, another binding). */
    boolean usedElsewhere(AuthenticationFlowModel flow) {
        boolean otherBinding = Stream.of(realm.getRegistrationFlow(), realm.getFirstBrokerLoginFlow(),
                realm.getClientAuthenticationFlow(), realm.getDockerAuthenticationFlow())
                .anyMatch(bound -> bound != null && bound.getId().equals(flow.getId()));
        boolean byClient = Stream.of("browser", "direct_grant").anyMatch(binding ->
                realm.searchClientByAuthenticationFlowBindingOverrides(Map.of(binding, flow.getId()), 0, 1).findAny().isPresent());
        return otherBinding || byClient || session.identityProviders().getByFlow(flow.getId(), null, 0, 1).findAny().isPresent();
    }
}

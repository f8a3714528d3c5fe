package io.github.twofold.setup;

import io.github.twofold.policy.PolicyComponents;
import io.github.twofold.policy.RequiredActions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.utils.DefaultAuthenticationFlows;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;

/**
 * Adds Twofold to a live realm, or takes it out again. Each run first plans: a list of changes,
 * each with the sentence an admin reads in a dry run; applying runs exactly those changes, in the
 * caller's transaction, so a failure leaves nothing half-done. What exists already is left as it
 * is, so a second run plans nothing.
 *
 * <p>Adding: Twofold's flows (those of the demo realm, beside the realm's own; bound only when
 * asked), its required actions registered, enabled and ordered first, the realm's policy with the
 * defaults, the {@code amr} mapper on the client scope every client has ({@code basic}), and the
 * audit listener. Removing: the reverse (every Twofold listener, the webhook's too), with Keycloak's
 * built-in flows bound again; users keep their credentials, admins the emergency-access role.
 */
public final class RealmSetUp {

    /** Keycloak's client scope that new OIDC clients get by default (Keycloak 25 and later). */
    static final String BASIC_SCOPE = "basic";
    /** {@code MfaAmrProtocolMapper}'s id (a login-step module this layer does not see). */
    static final String AMR_MAPPER = "twofold-amr-mapper";
    static final String AMR_MAPPER_NAME = "twofold amr";
    static final String AUDIT_LISTENER = "twofold-audit";

    /** One change: what a dry run says, and what applying does. */
    public record Change(String description, Runnable apply) {
    }

    private final RealmModel realm;
    private final ReferenceRealm reference;
    private final FlowCopies flows;

    public RealmSetUp(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.reference = ReferenceRealm.get();
        this.flows = new FlowCopies(session, realm, reference);
    }

    /** What adding Twofold would change; {@code bind}: also make Twofold's flows the realm's browser, direct-grant and reset flows. */
    public List<Change> additions(boolean bind) {
        List<Change> changes = new ArrayList<>();
        for (AuthenticationFlowRepresentation top : reference.topLevelFlows()) {
            List<AuthenticationFlowRepresentation> group = flows.withSubFlows(top);
            if (group.stream().allMatch(f -> realm.getFlowByAlias(f.getAlias()) == null)) {
                int subFlows = group.size() - 1;
                changes.add(new Change("create the flow '" + top.getAlias() + "' with its " + (subFlows == 1 ? "sub-flow" : subFlows + " sub-flows"),
                        () -> flows.create(group)));
            }
        }
        for (RequiredActionProviderRepresentation action : reference.requiredActions()) {
            RequiredActionProviderModel existing = realm.getRequiredActionProviderByAlias(action.getAlias());
            if (existing == null) {
                changes.add(new Change("register and enable the required action '" + action.getAlias() + "'", () -> register(action)));
            } else if (!existing.isEnabled()) {
                changes.add(new Change("enable the required action '" + action.getAlias() + "'", () -> {
                    existing.setEnabled(true);
                    realm.updateRequiredActionProvider(existing);
                }));
            }
        }
        RequiredActionProviderModel chooser = realm.getRequiredActionProviderByAlias(RequiredActions.SET_UP_2FA);
        if (chooser != null && chooser.getPriority() > firstPriority(chooser.getAlias())) {
            changes.add(new Change("order the required action '" + chooser.getAlias() + "' first, before Keycloak's own set-up actions", () -> {
                chooser.setPriority(firstPriority(chooser.getAlias()));
                realm.updateRequiredActionProvider(chooser);
            }));
        }
        if (!PolicyComponents.exists(realm)) {
            changes.add(new Change("create the realm's Twofold policy with the default settings (a second factor for everyone, set up at the"
                    + " next sign-in once the flows are bound; change the policy before binding them)", () -> PolicyComponents.createDefault(realm)));
        }
        basicScope().ifPresent(scope -> {
            if (amrMappers(scope).isEmpty()) {
                changes.add(new Change("add the protocol mapper '" + AMR_MAPPER + "' to the client scope '" + BASIC_SCOPE
                        + "' (the amr claim of every client that has that scope)", () -> scope.addProtocolMapper(amrMapper())));
            }
        });
        if (realm.getEventsListenersStream().noneMatch(AUDIT_LISTENER::equals)) {
            changes.add(new Change("add the event listener '" + AUDIT_LISTENER + "' (the audit log)", () -> {
                Set<String> listeners = realm.getEventsListenersStream().collect(Collectors.toCollection(LinkedHashSet::new));
                listeners.add(AUDIT_LISTENER);
                realm.setEventsListeners(listeners);
            }));
        }
        if (bind) {
            binding("browser", reference.browserFlow(), realm.getBrowserFlow(), realm::setBrowserFlow, changes);
            binding("direct grant", reference.directGrantFlow(), realm.getDirectGrantFlow(), realm::setDirectGrantFlow, changes);
            binding("reset credentials", reference.resetCredentialsFlow(), realm.getResetCredentialsFlow(), realm::setResetCredentialsFlow, changes);
        }
        return changes;
    }

    /**
     * What taking Twofold out would change. Refused (an {@link IllegalStateException} naming it)
     * while a client or an identity provider uses one of Twofold's flows.
     */
    public List<Change> removals() {
        List<Change> changes = new ArrayList<>();
        unbinding("browser", DefaultAuthenticationFlows.BROWSER_FLOW, reference.browserFlow(), realm.getBrowserFlow(), realm::setBrowserFlow, changes);
        unbinding("direct grant", DefaultAuthenticationFlows.DIRECT_GRANT_FLOW, reference.directGrantFlow(), realm.getDirectGrantFlow(),
                realm::setDirectGrantFlow, changes);
        unbinding("reset credentials", DefaultAuthenticationFlows.RESET_CREDENTIALS_FLOW, reference.resetCredentialsFlow(),
                realm.getResetCredentialsFlow(), realm::setResetCredentialsFlow, changes);
        List<AuthenticationFlowModel> twofoldFlows = new ArrayList<>();
        for (AuthenticationFlowRepresentation top : reference.topLevelFlows()) {
            AuthenticationFlowModel flow = realm.getFlowByAlias(top.getAlias());
            if (flow == null) {
                continue;
            }
            if (flows.usedElsewhere(flow)) {
                throw new IllegalStateException("The flow '" + flow.getAlias() + "' is used by a client's or an identity provider's"
                        + " flow override or another binding of the realm; change that first.");
            }
            twofoldFlows.add(flow);
            changes.add(new Change("delete the flow '" + flow.getAlias() + "' with its sub-flows", () -> flows.delete(flow)));
        }
        // decided before anything is deleted: the configurations only Twofold's flows use
        List<AuthenticatorConfigModel> configs = flows.configsOnlyUsedBy(twofoldFlows);
        if (!configs.isEmpty()) {
            changes.add(new Change("delete the " + configs.size() + " step configurations of those flows",
                    () -> configs.forEach(realm::removeAuthenticatorConfig)));
        }
        for (RequiredActionProviderRepresentation action : reference.requiredActions()) {
            RequiredActionProviderModel existing = realm.getRequiredActionProviderByAlias(action.getAlias());
            if (existing != null) {
                changes.add(new Change("unregister the required action '" + action.getAlias() + "'", () -> realm.removeRequiredActionProvider(existing)));
            }
        }
        if (PolicyComponents.exists(realm)) {
            changes.add(new Change("delete the realm's Twofold policy", () -> PolicyComponents.remove(realm)));
        }
        basicScope().ifPresent(scope -> amrMappers(scope).forEach(mapper -> changes.add(new Change(
                "remove the protocol mapper '" + AMR_MAPPER + "' from the client scope '" + BASIC_SCOPE + "'", () -> scope.removeProtocolMapper(mapper)))));
        List<String> listeners = realm.getEventsListenersStream().filter(RealmSetUp::twofoldListener).toList();
        if (!listeners.isEmpty()) {
            changes.add(new Change("remove the event listener" + (listeners.size() == 1 ? " '" : "s '") + String.join("', '", listeners) + "'",
                    () -> realm.setEventsListeners(realm.getEventsListenersStream().filter(l -> !twofoldListener(l))
                            .collect(Collectors.toCollection(LinkedHashSet::new)))));
        }
        return changes;
    }

    private static boolean twofoldListener(String listener) {
        return listener.startsWith(ReferenceRealm.PREFIX + "-");
    }

    /** Runs the changes in order; returns what they said. */
    public static List<String> apply(List<Change> changes) {
        changes.forEach(c -> c.apply().run());
        return describe(changes);
    }

    public static List<String> describe(List<Change> changes) {
        return changes.stream().map(Change::description).toList();
    }

    private void register(RequiredActionProviderRepresentation action) {
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(action.getAlias());
        model.setName(action.getName());
        model.setProviderId(action.getProviderId());
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(action.getAlias().equals(RequiredActions.SET_UP_2FA)
                ? Math.min(action.getPriority(), firstPriority(action.getAlias())) : action.getPriority());
        realm.addRequiredActionProvider(model);
        // the console shows the policy as this action's configuration
        PolicyComponents.showInRequiredAction(realm);
    }

    /** A priority before every other registered required action's. */
    private int firstPriority(String except) {
        return realm.getRequiredActionProvidersStream().filter(a -> !a.getAlias().equals(except))
                .mapToInt(RequiredActionProviderModel::getPriority).min().orElse(10) - 1;
    }

    private Optional<ClientScopeModel> basicScope() {
        return Optional.ofNullable(KeycloakModelUtils.getClientScopeByName(realm, BASIC_SCOPE));
    }

    private static List<ProtocolMapperModel> amrMappers(ClientScopeModel scope) {
        return scope.getProtocolMappersStream().filter(m -> AMR_MAPPER.equals(m.getProtocolMapper())).toList();
    }

    private static ProtocolMapperModel amrMapper() {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(AMR_MAPPER_NAME);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(AMR_MAPPER);
        mapper.setConfig(new HashMap<>(Map.of("id.token.claim", "true", "access.token.claim", "true",
                "introspection.token.claim", "true", "userinfo.token.claim", "true")));
        return mapper;
    }

    private void binding(String binding, String alias, AuthenticationFlowModel bound, Consumer<AuthenticationFlowModel> bind,
                         List<Change> changes) {
        if (bound != null && alias.equals(bound.getAlias())) {
            return;
        }
        changes.add(new Change("bind the flow '" + alias + "' as the realm's " + binding + " flow (was '"
                + (bound == null ? "none" : bound.getAlias()) + "')", () -> {
                    AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
                    if (flow == null) {
                        throw new IllegalStateException("The realm has no flow '" + alias + "' to bind (one of its sub-flows' names is taken"
                                + " by another flow); nothing was changed.");
                    }
                    bind.accept(flow);
                }));
    }

    private void unbinding(String binding, String builtInAlias, String alias, AuthenticationFlowModel bound, Consumer<AuthenticationFlowModel> bind,
                           List<Change> changes) {
        if (bound == null || !alias.equals(bound.getAlias())) {
            return;
        }
        AuthenticationFlowModel builtIn = realm.getFlowByAlias(builtInAlias);
        if (builtIn == null) {
            throw new IllegalStateException("The realm has no built-in '" + builtInAlias + "' flow to bind instead of '"
                    + alias + "'; bind another " + binding + " flow first.");
        }
        changes.add(new Change("bind Keycloak's flow '" + builtIn.getAlias() + "' as the realm's " + binding + " flow (was '" + alias + "')",
                () -> bind.accept(builtIn)));
    }
}

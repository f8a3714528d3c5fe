package io.github.twofold.policy;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "Twofold" tab under Realm settings in the admin console: the realm policy as a form, with
 * each setting's help text, validated on save. The console shows such tabs only with Keycloak's
 * experimental feature {@code declarative-ui}; without it the same component is edited through
 * the admin REST API or the realm JSON. The tab stores the policy as a realm component of
 * the admin console's tab type; {@link TwofoldPolicy#of(RealmModel)} reads it from there. A policy
 * stored the earlier way (the {@code twofold-policy} component, e.g. in an older realm export) is
 * moved into the tab when the realm is created or the server starts, so the tab always shows the
 * policy in force.
 */
public class TwofoldPolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** The component's provider id, which the admin console also shows as the tab's title. */
    public static final String ID = "Twofold";
    public static final String TYPE = UiTabProvider.class.getName();
    private static final Logger LOG = Logger.getLogger(TwofoldPolicyTab.class);

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "twofold");
    }

    @Override
    public String getHelpText() {
        return "Twofold realm policy: SMS codes, phone numbers, send budgets, verification limits, backup codes, who needs a second factor.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return TwofoldPolicy.SETTINGS.stream().map(PolicySetting::toConfigProperty).toList();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        // The console's save adds its route parameters to the config; they are not settings.
        model.getConfig().remove("realm");
        model.getConfig().remove("tab");
        TwofoldPolicy.validate(realm, model, TYPE, ID);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        EveryRealm.onStartAndCreate(factory, TwofoldPolicyTab::moveEarlierPolicy);
    }

    /** A {@code twofold-policy} component becomes the tab's component (same settings), unless the tab has one already. */
    static void moveEarlierPolicy(RealmModel realm) {
        ComponentModel earlier = realm.getComponentsStream(realm.getId(), TwofoldPolicyProvider.class.getName()).findFirst().orElse(null);
        if (earlier == null) {
            return;
        }
        boolean tabHasOne = realm.getComponentsStream(realm.getId(), TYPE).anyMatch(c -> ID.equals(c.getProviderId()));
        if (!tabHasOne) {
            ComponentModel tab = new ComponentModel();
            tab.setName(ID);
            tab.setProviderId(ID);
            tab.setProviderType(TYPE);
            tab.setParentId(realm.getId());
            tab.setConfig(earlier.getConfig());
            realm.addComponentModel(tab);
        }
        realm.removeComponent(earlier);
        LOG.infof("Twofold policy of realm %s moved to the admin console's Twofold tab", realm.getName());
    }

    @Override
    public UiTabProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }
}

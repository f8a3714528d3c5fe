package io.github.twofold.web.admin;

import io.github.twofold.policy.PolicyComponents;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.policy.PolicySetting;
import java.util.List;
import java.util.Map;
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
 * experimental feature {@code declarative-ui}; nothing depends on it. The tab's component mirrors
 * the policy component ({@link PolicyComponents}): what is saved here becomes the policy.
 */
public class TwofoldPolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** The component's provider id, which the admin console also shows as the tab's title. */
    public static final String ID = PolicyComponents.TAB_ID;
    public static final String TYPE = UiTabProvider.class.getName();

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
        return PolicySchema.SETTINGS.stream().map(PolicySetting::toConfigProperty).toList();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        // The console's save adds its route parameters to the config; they are not settings.
        model.getConfig().remove("realm");
        model.getConfig().remove("tab");
        PolicySchema.validate(realm, model, TYPE, ID);
    }

    /** A save in the tab is the policy in force. */
    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PolicyComponents.fromTab(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        PolicyComponents.fromTab(realm, newModel);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
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

package io.github.twofold.policy;

import io.github.twofold.compat.SupportedKeycloak;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The {@code twofold-policy} component, where the realm policy is stored: validates every setting
 * when a realm is imported or the policy created or updated, and copies it into the admin
 * console's tab (where that exists).
 */
public class TwofoldPolicyComponentFactory implements TwofoldPolicyProviderFactory {

    public static final String PROVIDER_ID = "twofold-policy";

    private static final TwofoldPolicyProvider INSTANCE = new TwofoldPolicyProvider() {
        @Override
        public void close() {
        }
    };

    @Override
    public TwofoldPolicyProvider create(KeycloakSession session, ComponentModel model) {
        return INSTANCE;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        PolicySchema.validate(realm, model, TwofoldPolicyProvider.class.getName(), PROVIDER_ID);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PolicyComponents.mirror(session.getKeycloakSessionFactory(), realm, model);
        // the realm starts using Twofold now (e.g. it gets the admin role for emergency access)
        TwofoldRealms.startedUsing(realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        PolicyComponents.mirror(session.getKeycloakSessionFactory(), realm, newModel);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Twofold realm policy: SMS codes, phone numbers, send budgets, verification limits, backup codes.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PolicySchema.SETTINGS.stream().map(PolicySetting::toConfigProperty).toList();
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** At start and for every new or imported realm (an import adds components without the callbacks above). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SupportedKeycloak.checkRunningServer();
        EveryRealm.onStartAndCreate(factory, realm -> PolicyComponents.policy(realm).ifPresent(policy -> PolicyComponents.mirror(factory, realm, policy)));
    }

    @Override
    public void close() {
    }
}

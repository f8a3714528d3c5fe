package io.github.twofold.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * Where a realm's policy lives: a realm component of Twofold's own type ({@code twofold-policy}),
 * which imports and works on any Keycloak with the JAR. The admin console's "Twofold" tab (only
 * with Keycloak's experimental {@code declarative-ui} feature) is a second component that mirrors
 * it: a save in the tab updates the policy, and a policy created or changed any other way (realm
 * JSON, admin API, start) is copied into the tab. The stock admin console, without any experimental
 * feature, shows the same settings as the configuration of the required action
 * {@code twofold-set-up-2fa} (Authentication > Required actions), mirrored the same way. The policy
 * always wins.
 */
public final class PolicyComponents {

    static final String POLICY_TYPE = TwofoldPolicyProvider.class.getName();
    static final String TAB_TYPE = UiTabProvider.class.getName();
    /** The admin console tab's provider id (also its title: Keycloak shows the id). */
    public static final String TAB_ID = "Twofold";

    private PolicyComponents() {
    }

    static Optional<ComponentModel> policy(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), POLICY_TYPE)
                .filter(c -> TwofoldPolicyComponentFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }

    private static Optional<ComponentModel> tab(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), TAB_TYPE)
                .filter(c -> TAB_ID.equals(c.getProviderId()))
                .findFirst();
    }

    public static boolean exists(RealmModel realm) {
        return policy(realm).isPresent();
    }

    /** A policy with every setting at its default (the realm then uses Twofold). */
    public static void createDefault(RealmModel realm) {
        realm.addComponentModel(component(realm, POLICY_TYPE, TwofoldPolicyComponentFactory.PROVIDER_ID, "Twofold policy", new MultivaluedHashMap<>()));
    }

    /** Deletes the policy and the tab's copy of it. */
    public static void remove(RealmModel realm) {
        policy(realm).ifPresent(realm::removeComponent);
        tab(realm).ifPresent(realm::removeComponent);
    }

    /** The tab's settings become the policy (created when the realm has none). */
    public static void fromTab(RealmModel realm, ComponentModel tab) {
        becomePolicy(realm, tab.getConfig());
    }

    /** These settings become the policy (created when the realm has none); no write when they say the same. */
    private static void becomePolicy(RealmModel realm, MultivaluedHashMap<String, String> settings) {
        ComponentModel policy = policy(realm).orElse(null);
        if (policy == null) {
            realm.addComponentModel(component(realm, POLICY_TYPE, TwofoldPolicyComponentFactory.PROVIDER_ID, "Twofold policy", settings));
        } else if (!settingsOf(flatten(settings)).equals(settingsOf(flatten(policy.getConfig())))) {
            policy.setConfig(new MultivaluedHashMap<>(settings));
            realm.updateComponent(policy);
        }
    }

    /** The required action whose configuration shows the policy in the stock admin console. */
    public static final String CONSOLE_ACTION = RequiredActions.SET_UP_2FA;
    /** How Keycloak joins the values of a multi-valued field in a required action's configuration. */
    private static final String VALUES_DELIMITER = "##";

    /** The policy is copied wherever the admin console shows it: the tab and the required action's configuration. */
    public static void mirror(KeycloakSessionFactory factory, RealmModel realm, ComponentModel policy) {
        toTab(factory, realm, policy);
        toRequiredAction(realm, policy);
    }

    /** A required action configuration's values as policy settings (empty values dropped). */
    static MultivaluedHashMap<String, String> settingsOf(Map<String, String> requiredActionConfig) {
        MultivaluedHashMap<String, String> settings = new MultivaluedHashMap<>();
        if (requiredActionConfig != null) {
            requiredActionConfig.forEach((key, value) -> {
                List<String> values = value == null ? List.of()
                        : Arrays.stream(value.split(VALUES_DELIMITER)).filter(v -> !v.isBlank()).toList();
                if (!values.isEmpty()) {
                    settings.put(key, values);
                }
            });
        }
        return settings;
    }

    /**
     * The console's required-action form, being saved: when its settings are valid they become the
     * policy; otherwise nothing changes and the problems are returned for the admin.
     */
    public static List<String> saveFromRequiredAction(RealmModel realm, Map<String, String> requiredActionConfig) {
        MultivaluedHashMap<String, String> settings = settingsOf(requiredActionConfig);
        List<String> problems = PolicySchema.problems(settings);
        if (problems.isEmpty()) {
            becomePolicy(realm, settings);
        }
        return problems;
    }

    /** The realm's policy, if it has one, is copied into the required action's configuration (just registered). */
    public static void showInRequiredAction(RealmModel realm) {
        policy(realm).ifPresent(policy -> toRequiredAction(realm, policy));
    }

    /** The policy is copied into the required action's configuration, when the realm has the action. */
    static void toRequiredAction(RealmModel realm, ComponentModel policy) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(CONSOLE_ACTION);
        if (action == null) {
            return;
        }
        Map<String, String> wanted = flatten(policy.getConfig());
        RequiredActionConfigModel current = realm.getRequiredActionConfigByAlias(CONSOLE_ACTION);
        if (current != null && settingsOf(current.getConfig()).equals(settingsOf(wanted))) {
            return;
        }
        RequiredActionConfigModel config = new RequiredActionConfigModel();
        config.setId(action.getId());
        config.setAlias(CONSOLE_ACTION);
        config.setProviderId(action.getProviderId());
        config.setConfig(wanted);
        realm.updateRequiredActionConfig(config);
    }

    private static Map<String, String> flatten(MultivaluedHashMap<String, String> settings) {
        Map<String, String> flat = new HashMap<>();
        if (settings != null) {
            settings.forEach((key, values) -> {
                List<String> kept = values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
                if (!kept.isEmpty()) {
                    flat.put(key, String.join(VALUES_DELIMITER, kept));
                }
            });
        }
        return flat;
    }

    /** The policy is copied into the tab, when the tab exists on this server (the console's feature is on). */
    static void toTab(KeycloakSessionFactory factory, RealmModel realm, ComponentModel policy) {
        if (factory.getProviderFactory(UiTabProvider.class, TAB_ID) == null) {
            return;
        }
        ComponentModel tab = tab(realm).orElse(null);
        if (tab == null) {
            realm.addComponentModel(component(realm, TAB_TYPE, TAB_ID, TAB_ID, policy.getConfig()));
        } else if (!same(tab.getConfig(), policy.getConfig())) {
            tab.setConfig(new MultivaluedHashMap<>(policy.getConfig()));
            realm.updateComponent(tab);
        }
    }

    private static ComponentModel component(RealmModel realm, String type, String providerId, String name, MultivaluedHashMap<String, String> config) {
        ComponentModel model = new ComponentModel();
        model.setName(name);
        model.setProviderId(providerId);
        model.setProviderType(type);
        model.setParentId(realm.getId());
        model.setConfig(new MultivaluedHashMap<>(config));
        return model;
    }

    private static boolean same(MultivaluedHashMap<String, String> a, MultivaluedHashMap<String, String> b) {
        return a == null ? b == null || b.isEmpty() : a.equals(b);
    }
}

package io.github.twofold.policy;

import java.util.Optional;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * Where a realm's policy lives: a realm component of Twofold's own type ({@code twofold-policy}),
 * which imports and works on any Keycloak with the JAR. The admin console's "Twofold" tab (only
 * with Keycloak's experimental {@code declarative-ui} feature) is a second component that mirrors
 * it: a save in the tab updates the policy, and a policy created or changed any other way (realm
 * JSON, admin API, start) is copied into the tab. The policy always wins.
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
        ComponentModel policy = policy(realm).orElse(null);
        if (policy == null) {
            realm.addComponentModel(component(realm, POLICY_TYPE, TwofoldPolicyComponentFactory.PROVIDER_ID, "Twofold policy", tab.getConfig()));
        } else if (!same(policy.getConfig(), tab.getConfig())) {
            policy.setConfig(new MultivaluedHashMap<>(tab.getConfig()));
            realm.updateComponent(policy);
        }
    }

    /** The policy is copied into the tab, when the tab exists on this server (the console's feature is on). */
    public static void toTab(KeycloakSessionFactory factory, RealmModel realm, ComponentModel policy) {
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

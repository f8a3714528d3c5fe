package io.github.twofold.policy;

import static io.github.twofold.policy.PolicySchema.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * An organization's own rules on top of the realm's policy (Keycloak's Organizations): settings
 * stored as the organization's attributes {@code twofold.<setting>} (Organizations > the
 * organization > Attributes in the admin console) replace the realm's for its members' sign-ins.
 * Only who needs a second factor, what set-up offers, which kinds of factor count, trusted
 * browsers and the SMS text can differ per organization; the limits that protect the realm's
 * budget and its users (SMS budgets, attempts, locks, code lengths) cannot.
 *
 * <p>The organization is the one Keycloak resolves for the sign-in
 * ({@code Organizations.resolveOrganization}: the organization the login is scoped to, else the
 * user's only one), and its rules apply only if it is enabled and the user is a member of it: the
 * request alone (a scope, a domain, an identity-first page) never chooses the rules.
 */
public final class OrganizationPolicy {

    private static final Logger LOG = Logger.getLogger(OrganizationPolicy.class);

    /** Attribute names of an organization's overrides start with this, followed by the setting's key. */
    public static final String ATTRIBUTE_PREFIX = "twofold.";

    /** The longest attribute value Keycloak stores for an organization (its group's attribute column). */
    static final int MAX_STORED_VALUE = 255;

    /** The settings an organization may set for its members. */
    public static final List<String> OVERRIDABLE = List.of(
            REQUIRED_FOR, REQUIRED_GROUPS, REQUIRED_ROLES, REQUIRED_CLIENTS, GRACE_LOGINS, GRACE_UNTIL,
            SET_UP_METHODS, SET_UP_BACKUP_CODES,
            PHISHING_RESISTANT_GROUPS, SMS_ENROLLMENT_UNTIL,
            TRUSTED_BROWSER_DAYS, TRUSTED_BROWSER_MEETS_LEVEL,
            SMS_MESSAGE_TEMPLATE, SMS_ORIGIN_LINE);

    /** Problems already logged, so a bad attribute is named once per server, not once per sign-in. */
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private OrganizationPolicy() {
    }

    /**
     * The policy of {@code user}'s sign-in in this request: {@code realmPolicy} with the overrides
     * of the organization Keycloak resolved for it, or {@code realmPolicy} itself.
     */
    public static TwofoldPolicy forUser(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy realmPolicy) {
        if (user == null || !realm.isOrganizationsEnabled()) {
            return realmPolicy;
        }
        // every door of a request asks: the organization and its attributes are read once per request and user
        String key = OrganizationPolicy.class.getName() + ":" + realm.getId() + ":" + user.getId();
        Resolved known = session.getAttribute(key, Resolved.class);
        if (known != null && known.realmPolicy() == realmPolicy) {
            return known.policy();
        }
        TwofoldPolicy policy = organization(session, realm, user)
                .map(organization -> of(organization, realmPolicy))
                .orElse(realmPolicy);
        session.setAttribute(key, new Resolved(realmPolicy, policy));
        return policy;
    }

    /** The policy an organization's members sign in under: {@code realmPolicy} with the organization's valid overrides. */
    public static TwofoldPolicy of(OrganizationModel organization, TwofoldPolicy realmPolicy) {
        return realmPolicy.withOverrides(overrides(organization));
    }

    /** A request's answer for one user: the realm policy it started from and the policy of the user's sign-in. */
    private record Resolved(TwofoldPolicy realmPolicy, TwofoldPolicy policy) {
    }

    /**
     * The organization whose rules apply to {@code user}'s sign-in in this request, if any: the one
     * Keycloak resolved for it where the user is a member of it, else the user's only enabled
     * organization. A user in several organizations for whom Keycloak resolved none of them signs
     * in under the realm's policy.
     */
    public static Optional<OrganizationModel> organization(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !realm.isOrganizationsEnabled()
                || session.getContext().getRealm() == null || !realm.getId().equals(session.getContext().getRealm().getId())) {
            return Optional.empty(); // Keycloak resolves organizations of the request's own realm only
        }
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        if (provider == null) {
            return Optional.empty(); // the server runs without Keycloak's organization feature
        }
        OrganizationModel resolved = null;
        try {
            resolved = Organizations.resolveOrganization(session, user);
        } catch (RuntimeException e) {
            LOG.debugf("No organization resolved for a sign-in in realm %s: %s", realm.getName(), e.getClass().getSimpleName());
        }
        if (resolved != null && resolved.isEnabled() && resolved.isMember(user)) {
            return Optional.of(resolved);
        }
        // the request named an organization the user is not in (a scope, a domain): it cannot pick the rules
        List<OrganizationModel> memberships = provider.getByMember(user).filter(OrganizationModel::isEnabled).limit(2).toList();
        return memberships.size() == 1 ? Optional.of(memberships.get(0)) : Optional.empty();
    }

    /** The valid overrides an organization carries (setting key to value); others are logged once and left out. */
    public static Map<String, String> overrides(OrganizationModel organization) {
        Map<String, String> overrides = new HashMap<>();
        Map<String, List<String>> attributes = organization.getAttributes();
        if (attributes == null) {
            return overrides;
        }
        attributes.forEach((name, values) -> {
            if (name == null || !name.startsWith(ATTRIBUTE_PREFIX)) {
                return;
            }
            String setting = name.substring(ATTRIBUTE_PREFIX.length());
            String value = values == null ? "" : String.join(",", values).trim();
            String problem = problem(setting, values == null ? List.of() : values);
            if (problem == null) {
                if (!value.isEmpty()) { // an empty attribute overrides nothing
                    overrides.put(setting, value);
                }
            } else if (told(organization.getId() + ":" + setting + ":" + value.hashCode())) {
                LOG.warnf("Organization %s: attribute %s is ignored (%s); the realm's setting applies", organization.getAlias(), name, problem);
            }
        });
        return overrides;
    }

    /** Whether this problem is new to the log (the memory starts over past 1,000 problems rather than grow). */
    private static boolean told(String problem) {
        if (TOLD.size() >= 1000) {
            TOLD.clear();
        }
        return TOLD.add(problem);
    }

    /** What is wrong with the Twofold attributes of an organization, one line per attribute (empty: nothing). */
    public static List<String> problems(Map<String, List<String>> attributes) {
        List<String> problems = new ArrayList<>();
        if (attributes == null) {
            return problems;
        }
        new LinkedHashMap<>(attributes).forEach((name, values) -> {
            if (name != null && name.startsWith(ATTRIBUTE_PREFIX)) {
                String problem = problem(name.substring(ATTRIBUTE_PREFIX.length()), values == null ? List.of() : values);
                if (problem != null) {
                    problems.add(name.replaceAll("[^A-Za-z0-9._-]", "?") + ": " + problem);
                }
            }
        });
        return problems;
    }

    private static String problem(String setting, List<String> values) {
        if (!OVERRIDABLE.contains(setting)) {
            return PolicySchema.setting(setting) == null ? "not a Twofold setting"
                    : "an organization cannot change this setting (only " + String.join(", ", OVERRIDABLE) + ")";
        }
        for (String item : values) {
            if (item != null && item.length() > MAX_STORED_VALUE) {
                return "a value is longer than " + MAX_STORED_VALUE + " characters (what Keycloak stores for an organization)";
            }
        }
        String value = String.join(",", values.stream().map(v -> v == null ? "" : v).toList()).trim();
        return value.isEmpty() ? null : PolicyValueCheck.problem(PolicySchema.setting(setting), value);
    }
}

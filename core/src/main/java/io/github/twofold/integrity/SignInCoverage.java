package io.github.twofold.integrity;

import io.github.twofold.credential.FactorKind;
import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.policy.TwofoldRealms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.organization.OrganizationProvider;

/**
 * What a realm's configuration leaves uncovered, said at server start: the checks after every
 * sign-in run from the triggers of Twofold's required actions (and its versions of Keycloak's), so
 * a realm that disabled all of them runs none; and a kind of second factor users can set up (under
 * the realm's rules or an organization's) that no enabled step of the browser flow verifies would
 * be held but never asked for.
 */
public final class SignInCoverage {

    private static final Logger LOG = Logger.getLogger(SignInCoverage.class);

    /** Required actions whose triggers run the checks after every sign-in. */
    public static final Set<String> GUARDED_ACTIONS = Set.of(RequiredActions.SET_UP_2FA, RequiredActions.SET_UP_PHONE,
            RequiredActions.BACKUP_CODES, UserModel.RequiredAction.CONFIGURE_TOTP.name(), "webauthn-register",
            "webauthn-register-passwordless", "CONFIGURE_RECOVERY_AUTHN_CODES", "delete_credential",
            UserModel.RequiredAction.UPDATE_PASSWORD.name(), UserModel.RequiredAction.UPDATE_EMAIL.name(),
            UserModel.RequiredAction.UPDATE_PROFILE.name(), UserModel.RequiredAction.VERIFY_PROFILE.name());

    private SignInCoverage() {
    }

    /** What the realm leaves uncovered, in words an admin can act on; empty when nothing. */
    public static List<String> problems(KeycloakSession session, RealmModel realm) {
        List<String> problems = new ArrayList<>();
        if (GUARDED_ACTIONS.stream().noneMatch(action -> RequiredActions.enabled(realm, action))) {
            problems.add("no required action that carries Twofold's checks after sign-in is enabled (enable " + RequiredActions.SET_UP_2FA
                    + "): on Keycloak 26.6 and later no sign-in gets a token; on older versions levels, overdue set-up and the password grant's rules do not run");
        }
        Set<FactorKind> verifiable = SignInFactors.browserVerifiable(session, realm);
        TwofoldPolicy policy = TwofoldPolicy.of(realm);
        unverified(policy, verifiable).forEach(method -> problems.add("users can set up " + method
                + " but no enabled step of the browser flow verifies it: add its step or remove it from setUpMethods"));
        if (realm.isOrganizationsEnabled()) {
            problems.addAll(TwofoldRealms.inContext(session, realm, () -> organizationProblems(session, policy, verifiable)));
        }
        problems.addAll(waysAround(session, realm));
        return problems;
    }

    /** The set-up methods of {@code policy} that no step in {@code verifiable} verifies, as "sms (twofold-sms)". */
    private static List<String> unverified(TwofoldPolicy policy, Set<FactorKind> verifiable) {
        List<String> unverified = new ArrayList<>();
        for (String method : policy.setUpMethods()) {
            FactorKind kind = switch (method) {
                case TwofoldPolicy.METHOD_APP -> FactorKind.APP;
                case TwofoldPolicy.METHOD_SMS -> FactorKind.SMS;
                case TwofoldPolicy.METHOD_PASSKEY -> FactorKind.PASSKEY;
                default -> null;
            };
            if (kind != null && !verifiable.contains(kind)) {
                unverified.add(method + " (" + kind.credentialType() + ")");
            }
        }
        return unverified;
    }

    /**
     * The same for each enabled organization with set-up methods of its own (its members set up
     * what it offers): said once per organization, for the methods the realm's own do not already name.
     */
    private static List<String> organizationProblems(KeycloakSession session, TwofoldPolicy realmPolicy, Set<FactorKind> verifiable) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return List.of(); // the server runs without Keycloak's organization feature
        }
        List<String> realmUnverified = unverified(realmPolicy, verifiable);
        return organizations.getAllStream().filter(OrganizationModel::isEnabled)
                .flatMap(organization -> organizationProblem(organization, realmPolicy, verifiable, realmUnverified).stream())
                .toList();
    }

    /**
     * What an organization's own set-up methods leave unverified in its realm's browser flow, in
     * words an admin can act on (the admin API shows it with the organization); empty when nothing.
     */
    public static List<String> organizationProblems(KeycloakSession session, RealmModel realm, OrganizationModel organization) {
        return organizationProblem(organization, TwofoldPolicy.of(realm), SignInFactors.browserVerifiable(session, realm), List.of());
    }

    private static List<String> organizationProblem(OrganizationModel organization, TwofoldPolicy realmPolicy, Set<FactorKind> verifiable,
                                                    List<String> toldForTheRealm) {
        if (!OrganizationPolicy.overrides(organization).containsKey(PolicySchema.SET_UP_METHODS)) {
            return List.of();
        }
        List<String> unverified = unverified(OrganizationPolicy.of(organization, realmPolicy), verifiable).stream()
                .filter(method -> !toldForTheRealm.contains(method)).toList();
        if (unverified.isEmpty()) {
            return List.of();
        }
        return List.of("organization " + organization.getAlias() + ": its members can set up " + String.join(", ", unverified)
                + " but no enabled step of the browser flow verifies it: add its step or remove it from the organization's "
                + OrganizationPolicy.ATTRIBUTE_PREFIX + PolicySchema.SET_UP_METHODS);
    }

    /** Client attributes of the grants that issue tokens without the browser flow: CIBA and standard token exchange. */
    static final Map<String, String> GRANTS_AROUND = Map.of("oidc.ciba.grant.enabled", "CIBA (client-initiated backchannel authentication)",
            "standard.token.exchange.enabled", "standard token exchange");

    /**
     * Ways to tokens that never run the browser flow's second factor and that Keycloak gives no
     * hook for: each enabled client that allows such a grant, and each enabled identity provider
     * whose sign-ins run no flow with a Twofold step after the provider's own login.
     */
    static List<String> waysAround(KeycloakSession session, RealmModel realm) {
        List<String> problems = new ArrayList<>();
        realm.getClientsStream().filter(ClientModel::isEnabled).forEach(client -> GRANTS_AROUND.forEach((attribute, grant) -> {
            if (Boolean.parseBoolean(client.getAttribute(attribute))) {
                problems.add("client " + client.getClientId() + " allows " + grant + ", whose tokens skip the browser flow's second factor:"
                        + " turn it off where Twofold's guarantees matter");
            }
        }));
        TwofoldRealms.inContext(session, realm, () -> session.identityProviders().getAllStream().filter(IdentityProviderModel::isEnabled)
                .filter(idp -> !TwofoldRealms.hasTwofoldStep(realm, idp.getPostBrokerLoginFlowId()))
                .map(idp -> "identity provider " + idp.getAlias() + ": sign-ins through it skip the browser flow's second factor"
                        + " (no post login flow with a Twofold step): set one, or require the second factor at the provider")
                .toList()).forEach(problems::add);
        return problems;
    }

    /** Logs {@link #problems} of every realm that uses Twofold once the server has started. */
    public static void warnAtStart(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .filter(TwofoldRealms::inUse)
                        .forEach(realm -> problems(session, realm).forEach(problem -> LOG.warnf("Realm %s: %s", realm.getName(), problem))));
            }
        });
    }
}

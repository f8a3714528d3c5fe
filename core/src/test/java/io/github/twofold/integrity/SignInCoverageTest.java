package io.github.twofold.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/** The start-up warnings for what a realm's flows and actions leave uncovered. */
class SignInCoverageTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
    private final Map<String, Object> attributes = new HashMap<>();

    SignInCoverageTest() {
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        when(session.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        org.mockito.Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(session).setAttribute(anyString(), any());
        when(realm.getId()).thenReturn("realm");
        when(realm.getComponentsStream(anyString(), anyString())).thenAnswer(i -> Stream.empty());
        AuthenticationFlowModel browser = new AuthenticationFlowModel();
        browser.setId("browser");
        when(realm.getBrowserFlow()).thenReturn(browser);
        when(session.identityProviders()).thenReturn(identityProviders);
        when(session.getContext()).thenReturn(mock(org.keycloak.models.KeycloakContext.class));
        when(identityProviders.getAllStream()).thenAnswer(i -> providers.stream());
        when(realm.getClientsStream()).thenAnswer(i -> clients.stream());
    }

    private final IdentityProviderStorageProvider identityProviders = mock(IdentityProviderStorageProvider.class);
    private final List<IdentityProviderModel> providers = new java.util.ArrayList<>();
    private final List<ClientModel> clients = new java.util.ArrayList<>();

    private ClientModel client(String clientId, boolean enabled, Map<String, String> attributes) {
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn(clientId);
        when(client.isEnabled()).thenReturn(enabled);
        when(client.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        clients.add(client);
        return client;
    }

    private void identityProvider(String alias, String postLoginFlow) {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias(alias);
        idp.setEnabled(true);
        idp.setPostBrokerLoginFlowId(postLoginFlow);
        providers.add(idp);
    }

    @Test
    void clientsWithAGrantAroundTheBrowserFlowAndProvidersWithoutATwofoldStepAreNamed() {
        browserFlowVerifies("otp", "twofold-sms", "webauthn-passwordless");
        enabled("twofold-set-up-2fa");
        client("demo-app", true, Map.of());
        client("backchannel", true, Map.of("oidc.ciba.grant.enabled", "true"));
        client("exchanger", true, Map.of("standard.token.exchange.enabled", "true"));
        client("switched-off", false, Map.of("oidc.ciba.grant.enabled", "true"));
        identityProvider("corporate", null);
        identityProvider("partner", "post-login");
        AuthenticationExecutionModel sms = new AuthenticationExecutionModel();
        sms.setAuthenticator("twofold-sms-code");
        when(realm.getAuthenticationExecutionsStream("post-login")).thenAnswer(i -> Stream.of(sms));

        List<String> problems = SignInCoverage.problems(session, realm);
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("client backchannel allows CIBA"))
                .anySatisfy(p -> assertThat(p).startsWith("client exchanger allows standard token exchange"))
                .anySatisfy(p -> assertThat(p).startsWith("identity provider corporate: sign-ins through it skip"));
        assertThat(String.join("\n", problems)).doesNotContain("demo-app").doesNotContain("switched-off").doesNotContain("partner");
    }

    /** A browser flow whose steps verify these credential types (each a step Keycloak would call a CredentialValidator). */
    private void browserFlowVerifies(String... credentialTypes) {
        List<AuthenticationExecutionModel> steps = new java.util.ArrayList<>();
        for (String type : credentialTypes) {
            String id = "step-" + type;
            AuthenticationExecutionModel step = new AuthenticationExecutionModel();
            step.setId(id);
            step.setAuthenticator(id);
            step.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
            steps.add(step);
            when(realm.getAuthenticationExecutionById(id)).thenReturn(step);
            AuthenticatorFactory factory = mock(AuthenticatorFactory.class);
            when(factory.getId()).thenReturn(id);
            when(factory.getReferenceCategory()).thenReturn("otp");
            when(factories.getProviderFactory(Authenticator.class, id)).thenReturn(factory);
            Authenticator validator = mock(Authenticator.class, org.mockito.Mockito.withSettings().extraInterfaces(CredentialValidator.class));
            when(((CredentialValidator<?>) validator).getType(session)).thenReturn(type);
            when(session.getProvider(Authenticator.class, id)).thenReturn(validator);
        }
        when(realm.getAuthenticationExecutionsStream("browser")).thenAnswer(i -> steps.stream());
    }

    private void enabled(String action) {
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(action);
        model.setEnabled(true);
        when(realm.getRequiredActionProviderByAlias(action)).thenReturn(model);
    }

    @Test
    void aRealmThatCoversEverythingGetsNoWarning() {
        browserFlowVerifies("otp", "twofold-sms", "webauthn-passwordless");
        enabled("twofold-set-up-2fa");
        assertThat(SignInCoverage.problems(session, realm)).isEmpty();
    }

    @Test
    void aMethodUsersCanSetUpButNoStepVerifiesIsNamed() {
        browserFlowVerifies("otp", "webauthn-passwordless");
        enabled("CONFIGURE_TOTP");
        assertThat(SignInCoverage.problems(session, realm)).singleElement().asString().contains("sms").contains("twofold-sms");
    }

    @Test
    void noEnabledActionMeansNoChecksAfterSignIn() {
        browserFlowVerifies("otp", "twofold-sms", "webauthn-passwordless");
        assertThat(SignInCoverage.problems(session, realm)).singleElement().asString().contains("twofold-set-up-2fa");
    }

    /**
     * An organization's own set-up methods are checked too: the realm offers only the app, which
     * its flow verifies; "sms-org" offers SMS, which no step verifies; "app-org" and a disabled
     * organization say nothing.
     */
    @Test
    void anOrganizationsMethodNoStepVerifiesIsNamedWithTheOrganization() {
        browserFlowVerifies("otp");
        enabled("twofold-set-up-2fa");
        org.keycloak.component.ComponentModel policy = new org.keycloak.component.ComponentModel();
        policy.setProviderId("twofold-policy");
        policy.setProviderType("io.github.twofold.policy.TwofoldPolicyProvider");
        policy.getConfig().putSingle("setUpMethods", "app");
        when(realm.getComponentsStream("realm", "io.github.twofold.policy.TwofoldPolicyProvider")).thenAnswer(i -> Stream.of(policy));
        when(realm.isOrganizationsEnabled()).thenReturn(true);
        org.keycloak.organization.OrganizationProvider organizations = mock(org.keycloak.organization.OrganizationProvider.class);
        when(session.getProvider(org.keycloak.organization.OrganizationProvider.class)).thenReturn(organizations);
        List<org.keycloak.models.OrganizationModel> all = List.of(organization("sms-org", true, "app,sms"),
                organization("app-org", true, "app"), organization("off-org", false, "sms"));
        when(organizations.getAllStream()).thenAnswer(i -> all.stream());

        assertThat(SignInCoverage.problems(session, realm)).singleElement().asString()
                .startsWith("organization sms-org: its members can set up sms (twofold-sms) but no enabled step")
                .endsWith("twofold.setUpMethods");
    }

    private static org.keycloak.models.OrganizationModel organization(String alias, boolean enabled, String methods) {
        org.keycloak.models.OrganizationModel organization = mock(org.keycloak.models.OrganizationModel.class);
        when(organization.getAlias()).thenReturn(alias);
        when(organization.getId()).thenReturn(alias);
        when(organization.isEnabled()).thenReturn(enabled);
        when(organization.getAttributes()).thenReturn(Map.of("twofold.setUpMethods", List.of(methods.split(","))));
        return organization;
    }
}

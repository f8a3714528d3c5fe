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
}

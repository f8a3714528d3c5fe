package io.github.twofold.authenticator.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.twofold.credential.FactorKind;
import io.github.twofold.integrity.SignInFactors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * The password grant's step verifies one of three kinds and says which: the rules after the grant
 * are decided on that, never on the request's parameters.
 */
class DirectGrantFactorKindsTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final Map<String, Object> attributes = new HashMap<>();

    DirectGrantFactorKindsTest() {
        KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        when(factories.getProviderFactory(Authenticator.class, DirectGrantSecondFactorAuthenticatorFactory.PROVIDER_ID))
                .thenReturn(new DirectGrantSecondFactorAuthenticatorFactory());
        AuthenticatorFactory password = mock(AuthenticatorFactory.class);
        when(password.getId()).thenReturn("direct-grant-validate-password");
        when(password.getReferenceCategory()).thenReturn("password");
        when(factories.getProviderFactory(Authenticator.class, "direct-grant-validate-password")).thenReturn(password);
        when(session.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        org.mockito.Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(session).setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
        AuthenticationExecutionModel passwordStep = step("pw", "direct-grant-validate-password");
        AuthenticationExecutionModel codeStep = step("code", DirectGrantSecondFactorAuthenticatorFactory.PROVIDER_ID);
        when(realm.getId()).thenReturn("realm");
        when(realm.getAuthenticationExecutionsStream("grant")).thenAnswer(i -> List.of(passwordStep, codeStep).stream());
        when(realm.getAuthenticationExecutionById("pw")).thenReturn(passwordStep);
        when(realm.getAuthenticationExecutionById("code")).thenReturn(codeStep);
    }

    private static AuthenticationExecutionModel step(String id, String authenticator) {
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setId(id);
        step.setAuthenticator(authenticator);
        step.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        return step;
    }

    @Test
    void theFlowCanVerifyAppSmsAndBackupCodes() {
        assertThat(SignInFactors.verifiable(session, realm, "grant"))
                .containsExactlyInAnyOrder(FactorKind.APP, FactorKind.SMS, FactorKind.BACKUP_CODES);
    }

    @Test
    void theKindVerifiedIsTheOneTheStepRecorded() {
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        when(authSession.getExecutionStatus()).thenReturn(Map.of("pw", ExecutionStatus.SUCCESS, "code", ExecutionStatus.SUCCESS));
        when(authSession.getAuthNote(eq(SignInFactors.VERIFIED_NOTE))).thenReturn(FactorKind.APP.name());
        assertThat(SignInFactors.verifiedHere(session, realm, authSession)).containsExactly(FactorKind.APP);

        AuthenticationSessionModel nothingRecorded = mock(AuthenticationSessionModel.class);
        when(nothingRecorded.getExecutionStatus()).thenReturn(Map.of("pw", ExecutionStatus.SUCCESS, "code", ExecutionStatus.SUCCESS));
        assertThat(SignInFactors.verifiedHere(session, realm, nothingRecorded)).as("a password proves no second factor").isEmpty();
    }
}

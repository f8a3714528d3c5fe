package io.github.twofold.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/** Which kind of sign-in an authentication session is, from the steps that ran. */
class SignInKindTest {

    private final RealmModel realm = mock(RealmModel.class);

    private static AuthenticationFlowModel flow(String id) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId(id);
        return flow;
    }

    private static AuthenticationExecutionModel step(String id) {
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setId(id);
        step.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        return step;
    }

    private static AuthenticationExecutionModel subFlow(String id, String flowId) {
        AuthenticationExecutionModel step = step(id);
        step.setAuthenticatorFlow(true);
        step.setFlowId(flowId);
        return step;
    }

    private void bind(String browser, String grant) {
        when(realm.getBrowserFlow()).thenReturn(flow(browser));
        when(realm.getDirectGrantFlow()).thenReturn(flow(grant));
        when(realm.getAuthenticationExecutionsStream("browser")).thenAnswer(i -> List.of(step("cookie"), step("password")).stream());
        when(realm.getAuthenticationExecutionsStream("grant")).thenAnswer(i -> List.of(step("username"), subFlow("second", "grant-second")).stream());
        when(realm.getAuthenticationExecutionsStream("grant-second")).thenAnswer(i -> List.of(step("grant-code")).stream());
    }

    private AuthenticationSessionModel session(Map<String, ExecutionStatus> ran, String redirectUri) {
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        when(authSession.getRealm()).thenReturn(realm);
        when(authSession.getClient()).thenReturn(mock(ClientModel.class));
        when(authSession.getExecutionStatus()).thenReturn(ran);
        when(authSession.getRedirectUri()).thenReturn(redirectUri);
        return authSession;
    }

    @Test
    void stepsOfTheDirectGrantFlowMakeAPasswordGrantWhateverTheRequestSaid() {
        bind("browser", "grant");
        assertThat(SignInKind.of(realm, session(Map.of("username", ExecutionStatus.SUCCESS, "grant-code", ExecutionStatus.SUCCESS), null)))
                .isEqualTo(SignInKind.PASSWORD_GRANT);
    }

    @Test
    void stepsOfTheBrowserFlowMakeABrowserSignIn() {
        bind("browser", "grant");
        assertThat(SignInKind.of(realm, session(Map.of("password", ExecutionStatus.SUCCESS), "https://app.example/cb")))
                .isEqualTo(SignInKind.BROWSER);
        assertThat(SignInKind.of(realm, session(Map.of("cookie", ExecutionStatus.SUCCESS), null)))
                .as("SSO re-use without a redirect URI is still the browser flow").isEqualTo(SignInKind.BROWSER);
        assertThat(SignInKind.of(realm, session(Map.of(), null))).as("nothing ran: an action token").isEqualTo(SignInKind.BROWSER);
    }

    @Test
    void oneFlowBoundToBothIsTheGrantOnlyWithoutARedirectUri() {
        bind("grant", "grant");
        Map<String, ExecutionStatus> ran = Map.of("username", ExecutionStatus.SUCCESS);
        assertThat(SignInKind.of(realm, session(ran, null))).isEqualTo(SignInKind.PASSWORD_GRANT);
        assertThat(SignInKind.of(realm, session(ran, "https://app.example/cb"))).isEqualTo(SignInKind.BROWSER);
    }

    @Test
    void aFlowThatIncludesItselfEnds() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        when(realm.getDirectGrantFlow()).thenReturn(flow("loop"));
        when(realm.getAuthenticationExecutionsStream("browser")).thenAnswer(i -> List.of(step("cookie")).stream());
        when(realm.getAuthenticationExecutionsStream("loop")).thenAnswer(i -> List.of(step("x"), subFlow("again", "loop")).stream());
        assertThat(SignInKind.of(realm, session(Map.of("x", ExecutionStatus.SUCCESS), null))).isEqualTo(SignInKind.PASSWORD_GRANT);
    }
}

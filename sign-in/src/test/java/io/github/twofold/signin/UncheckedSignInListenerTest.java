package io.github.twofold.signin;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

/**
 * Which ends of a sign-in the listener marks for the "Sign-in is paused" page: a browser sign-in in
 * a realm that uses Twofold whose session lacks the checks' record, and nothing else.
 */
class UncheckedSignInListenerTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserSessionModel userSession = mock(UserSessionModel.class);
    private final AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
    private final UserModel user = mock(UserModel.class);

    @BeforeEach
    void aSignInToAppInARealmThatUsesTwofold() {
        RealmProvider realms = mock(RealmProvider.class);
        UserSessionProvider sessions = mock(UserSessionProvider.class);
        ClientModel client = mock(ClientModel.class);
        when(session.realms()).thenReturn(realms);
        when(session.sessions()).thenReturn(sessions);
        when(realms.getRealm("realm-id")).thenReturn(realm);
        when(realm.getClientByClientId("app")).thenReturn(client);
        when(client.getId()).thenReturn("client-id");
        when(sessions.getUserSession(realm, "session-id")).thenReturn(userSession);
        when(userSession.getAuthenticatedClientSessionByClient("client-id")).thenReturn(clientSession);
        when(userSession.getUser()).thenReturn(user);
        when(clientSession.getUserSession()).thenReturn(userSession);
        when(clientSession.getRealm()).thenReturn(realm);
        usesTwofold(true);
    }

    private void usesTwofold(boolean uses) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId("flow-id");
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setAuthenticator(uses ? "twofold-sms-code" : "auth-otp-form");
        when(realm.getAuthenticationFlowsStream()).thenAnswer(i -> Stream.of(flow));
        when(realm.getAuthenticationExecutionsStream("flow-id")).thenAnswer(i -> Stream.of(step));
    }

    private static Event login(Map<String, String> details) {
        Event event = new Event();
        event.setType(EventType.LOGIN);
        event.setRealmId("realm-id");
        event.setClientId("app");
        event.setSessionId("session-id");
        event.setDetails(new HashMap<>(details));
        return event;
    }

    private void hear(Event event) {
        new UncheckedSignInListener(session).onEvent(event);
    }

    @Test
    void aBrowserSignInWithoutTheChecksRecordIsMarked() {
        hear(login(Map.of(Details.RESPONSE_TYPE, "code")));
        verify(session).setAttribute(anyString(), same(clientSession));
    }

    @Test
    void aSignInTheChecksPassedIsNotMarked() {
        when(clientSession.getNote("twofold.sign-in-checked")).thenReturn("1");
        hear(login(Map.of()));
        verify(session, never()).setAttribute(anyString(), same(clientSession));
    }

    @Test
    void theSessionOfAnEarlierCheckedSignInCarriesTheRecordForTheNextApplication() {
        when(userSession.getNote("twofold.sign-in-checked")).thenReturn("1");
        hear(login(Map.of()));
        verify(session, never()).setAttribute(anyString(), same(clientSession));
    }

    @Test
    void thePasswordGrantIsLeftToTheTokenEndpointsOwnRefusal() {
        hear(login(Map.of(Details.GRANT_TYPE, "password")));
        verify(session, never()).setAttribute(anyString(), same(clientSession));
    }

    @Test
    void aFailedSignInAndOtherEventsAreNotMarked() {
        Event failed = login(Map.of());
        failed.setError("invalid_user_credentials");
        hear(failed);
        Event codeToToken = login(Map.of());
        codeToToken.setType(EventType.CODE_TO_TOKEN);
        hear(codeToToken);
        verify(session, never()).setAttribute(anyString(), same(clientSession));
    }

    @Test
    void aRealmWithoutTwofoldIsNotMarked() {
        usesTwofold(false);
        hear(login(Map.of()));
        verify(session, never()).setAttribute(eq("twofold.unchecked-sign-in"), same(clientSession));
    }

    @Test
    void aServiceAccountIsNotMarked() {
        when(user.getServiceAccountClientLink()).thenReturn("client-id");
        hear(login(Map.of()));
        verify(session, never()).setAttribute(anyString(), same(clientSession));
    }
}

package io.github.twofold.report;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.CredentialTypes;
import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * What "this wasn't me" does once the user confirms it: every session of the user ends (the
 * applications are told, offline sessions included), the user's not-before moves to now (so no
 * token, trusted browser or pending code from before is honoured again), the credential the
 * reported change created is removed when it still exists, the user's second factors go on hold
 * ({@link ReportHold}) until an administrator lifts it, and the report is an event with the
 * reason {@code reported_by_user} that the realm's admins see. It restores nothing it cannot prove:
 * a replaced phone or an old set of backup codes does not come back.
 */
public final class NotMeReport {

    /** {@code twofold_reason} of the event. */
    public static final String REASON = "reported_by_user";

    /** What the report did, for the page that confirms it. */
    public record Outcome(int sessionsEnded, String removedCredentialType) {
    }

    private NotMeReport() {
    }

    public static Outcome apply(KeycloakSession session, RealmModel realm, UserModel user, NotMeToken token) {
        String removed = removeCreatedCredential(user, token.getCredentialId());
        ReportHold.place(user);
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        online.forEach(userSession -> AuthenticationManager.backchannelLogout(session, realm, userSession, session.getContext().getUri(),
                session.getContext().getConnection(), session.getContext().getRequestHeaders(), true));
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        offline.forEach(userSession -> session.sessions().removeOfflineUserSession(realm, userSession));
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.CHANGE_REPORTED.key())
                .detail(TwofoldEvents.REASON, REASON)
                .detail(TwofoldEvents.NOTICE, token.getNotice())
                .detail(TwofoldEvents.SESSIONS_ENDED, Integer.toString(online.size() + offline.size()));
        if (removed != null) {
            event.detail(Details.CREDENTIAL_TYPE, removed);
        }
        event.success();
        return new Outcome(online.size() + offline.size(), removed);
    }

    /**
     * Removes the credential the reported change created, when the user still holds it and it is a
     * second factor or a trusted browser (never the password); its type, or null.
     */
    private static String removeCreatedCredential(UserModel user, String credentialId) {
        if (credentialId == null) {
            return null;
        }
        CredentialModel created = user.credentialManager().getStoredCredentialById(credentialId);
        if (created == null || !(SecondFactors.isSecondFactor(created.getType()) || CredentialTypes.TRUSTED_BROWSER.equals(created.getType()))) {
            return null;
        }
        user.credentialManager().removeStoredCredentialById(credentialId);
        return created.getType();
    }
}

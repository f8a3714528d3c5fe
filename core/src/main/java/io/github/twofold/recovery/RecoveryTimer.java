package io.github.twofold.recovery;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs on one node of the cluster at a time (Keycloak's cluster-aware task runner): e-mails the
 * users whose waiting period has ended, once each, and removes recoveries that lapsed unused.
 */
public final class RecoveryTimer implements ScheduledTask {

    public static final String NAME = "twofold-recovery-timer";
    private static final Logger LOG = Logger.getLogger(RecoveryTimer.class);
    private static final int BATCH = 1000;

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTime();
        int told = 0;
        for (int first = 0; ; first += BATCH) {
            List<AccountRecovery.Open> open = AccountRecovery.open(session, null, first, BATCH);
            for (AccountRecovery.Open recovery : open) {
                if (!due(recovery.record().data(), now)) {
                    continue;
                }
                try {
                    // each in a transaction of its own: one user's failure does not hold up the others
                    told += KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> handle(s, recovery, now)) ? 1 : 0;
                } catch (RuntimeException e) {
                    LOG.warnf("Recovery of user %s not handled: %s", recovery.userId(), e.getClass().getSimpleName());
                    LOG.debugf(e, "Recovery of user %s", recovery.userId());
                }
            }
            if (open.size() < BATCH) {
                break;
            }
        }
        if (told > 0) {
            LOG.debugf("told %d users that their recovery's waiting period ended", told);
        }
    }

    /** Whether the recovery lapsed, or its waiting period ended and the user was not told yet. */
    private static boolean due(RecoveryRecord.Data data, long now) {
        return AccountRecovery.lapsed(data, now) || now >= data.readyAt && !data.readyNoticeSent;
    }

    private static boolean handle(KeycloakSession session, AccountRecovery.Open open, long now) {
        RealmModel realm = session.realms().getRealm(open.realmId());
        if (realm == null) {
            return false;
        }
        session.getContext().setRealm(realm); // Keycloak's user cache asks the realm's organizations
        UserModel user = session.users().getUserById(realm, open.userId());
        RecoveryRecord record = user == null ? null : new AccountRecovery(session, realm).current(user).orElse(null);
        if (record == null || !record.getId().equals(open.record().getId()) || !due(record.data(), now)) {
            return false; // used, cancelled or told meanwhile
        }
        RecoveryRecord.Data data = record.data();
        boolean lapsed = AccountRecovery.lapsed(data, now);
        AccountRecovery recovery = new AccountRecovery(session, realm);
        EventBuilder event = new EventBuilder(realm, session);
        if (lapsed || !AccountRecovery.boundTo(user, data)) {
            // never an e-mail about a recovery to an address it was not started for
            recovery.cancel(user, lapsed ? AccountRecovery.Cancellation.EXPIRED : AccountRecovery.Cancellation.EMAIL_CHANGED, event);
            return false;
        }
        data.readyNoticeSent = true; // marked first: a mail server that fails is not asked again every run
        user.credentialManager().updateStoredCredential(record.rewrite());
        RecoveryNotice.send(session, realm, user, RecoveryNotice.Kind.READY, record);
        AccountRecovery.event(event, user, TwofoldEvent.RECOVERY_READY)
                .detail(TwofoldEvents.EXPIRES_AT, Long.toString(data.readyAt + AccountRecovery.USABLE_FOR.toSeconds())).success();
        return true;
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}

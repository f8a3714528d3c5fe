package io.github.twofold.recovery;

import io.github.twofold.report.NotMeLinks;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The two e-mails of a recovery, to the user's address: when it starts and when its waiting period
 * ends, each with the "this wasn't me" link, which cancels it. Sent by the recovery itself (the
 * second one by a timer, without a request), not as a security notice: it must go out even where
 * the policy turns security e-mails off.
 */
public final class RecoveryNotice {

    private static final Logger LOG = Logger.getLogger(RecoveryNotice.class);
    public static final String TEMPLATE = "twofold-recovery-notice.ftl";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** Which of the two. */
    public enum Kind {
        STARTED("twofoldRecoveryStarted", AccountRecovery.STARTED_NOTICE),
        READY("twofoldRecoveryReady", AccountRecovery.READY_NOTICE);

        private final String key;
        private final String notice;

        Kind(String key, String notice) {
            this.key = key;
            this.notice = notice;
        }
    }

    private RecoveryNotice() {
    }

    /** When the record's waiting period ends, as the page and the e-mails show it ({@code 2026-12-07 15:32 UTC}). */
    public static String readyAt(RecoveryRecord record) {
        return WHEN.format(Instant.ofEpochSecond(record.data().readyAt));
    }

    /** Sends it; false when it could not go out (logged without the address). */
    public static boolean send(KeycloakSession session, RealmModel realm, UserModel user, Kind kind, RecoveryRecord record) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("noticeKey", kind.key);
        attributes.put("readyAt", readyAt(record));
        if (record.data().baseUri != null) {
            attributes.put("notMeUrl", NotMeLinks.issue(session, realm, user, kind.notice, null, URI.create(record.data().baseUri)));
        }
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(kind.key + "Subject", List.of(), TEMPLATE, attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Recovery e-mail %s to user %s not sent: %s", kind.name().toLowerCase(java.util.Locale.ROOT), user.getId(), e.getClass().getSimpleName());
            LOG.debugf(e, "Recovery e-mail to user %s", user.getId());
            return false;
        }
    }
}

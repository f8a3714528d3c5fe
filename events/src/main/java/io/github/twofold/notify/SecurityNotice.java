package io.github.twofold.notify;

import io.github.twofold.http.BrowserDescription;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.report.NotMeLinks;
import io.github.twofold.request.TwofoldRequest;
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
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.UserModelDelegate;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Security e-mails to the user (NIST SP 800-63B-4 4.6): a factor was added or replaced, backup codes
 * were created or used, sign-in was locked, emergency access was used. Each says what happened,
 * when, from which address and browser, and what to do if it was not the user, with a "this
 * wasn't me" link ({@link NotMeLinks}) that ends the user's sessions and undoes the change where
 * it can. Sent through
 * Keycloak's e-mail templates in the user's language, once the request's transaction has
 * committed (in a transaction of its own), so a broken mail server never breaks a login or undoes
 * a change; Keycloak's templates need the request, so the send runs on the request's thread and a
 * slow mail server delays the response by up to its SMTP timeout. Nothing secret is in a notice.
 */
public final class SecurityNotice {

    private static final Logger LOG = Logger.getLogger(SecurityNotice.class);
    public static final String TEMPLATE = "twofold-security-notice.ftl";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * What happened; the message keys are {@code <key>} (text) and {@code <key>Subject}, and the
     * advice at the end is {@code twofoldNoticeNotYou} unless the kind has its own.
     */
    public enum Kind {
        PHONE_ADDED("twofoldNoticePhoneAdded"),
        PHONE_REPLACED("twofoldNoticePhoneReplaced"),
        BACKUP_CODES_CREATED("twofoldNoticeBackupCodesCreated"),
        BACKUP_CODE_USED("twofoldNoticeBackupCodeUsed"),
        SECOND_FACTOR_LOCKED("twofoldNoticeLocked"),
        /** An administrator ended the lock. */
        SECOND_FACTOR_UNLOCKED("twofoldNoticeUnlocked"),
        EMERGENCY_ACCESS_USED("twofoldNoticeEmergency"),
        /** After an emergency sign-in set up a new factor: the phone reported lost is gone. */
        EMERGENCY_PHONE_RETIRED("twofoldNoticeEmergencyRetiredPhone"),
        /** After an emergency sign-in set up a new factor: every factor from before is gone. */
        EMERGENCY_FACTORS_RETIRED("twofoldNoticeEmergencyRetiredAll"),
        /** After a self-service recovery set up a new factor: every factor from before is gone. */
        RECOVERY_FACTORS_RETIRED("twofoldNoticeRecoveryRetired"),
        FACTOR_REMOVED("twofoldNoticeFactorRemoved"),
        /** Through Keycloak's own set-up actions or the app API: an authenticator app, security key, passkey or recovery codes. */
        FACTOR_ADDED("twofoldNoticeFactorAdded"),
        /** Sent to the address it was changed from. */
        EMAIL_CHANGED("twofoldNoticeEmailChanged"),
        /** "Don't ask again on this browser": the parameter is the browser's name. */
        TRUSTED_BROWSER_ADDED("twofoldNoticeTrustedBrowser", "twofoldNoticeTrustedBrowserAdvice"),
        /** A sign-in with a second factor from a browser the user had not signed in with: the parameter is the browser's name. */
        NEW_BROWSER_SIGN_IN("twofoldNoticeNewBrowser"),
        /** A sign-in with a second factor from a network the user had not signed in from, in a known browser: the parameter is the network. */
        NEW_NETWORK_SIGN_IN("twofoldNoticeNewNetwork"),
        /** A sign-in with a second factor from a country the user had not signed in from, in a known browser: the parameter is the country's name. */
        NEW_COUNTRY_SIGN_IN("twofoldNoticeNewCountry"),
        /** To the policy's {@code reportsEmail}, not the user: the parameter is the username. No "this wasn't me" link. */
        CHANGE_REPORTED("twofoldNoticeReported", "twofoldNoticeReportedAdvice"),
        /** Through the admin API or console: Keycloak's admin event does not say which kind of credential. */
        FACTOR_REMOVED_BY_ADMIN("twofoldNoticeFactorRemovedByAdmin", "twofoldNoticeAdminAdvice"),
        /** Through the admin API (a user created or updated with credentials, a partial import). */
        FACTOR_ADDED_BY_ADMIN("twofoldNoticeFactorAddedByAdmin", "twofoldNoticeAdminAdvice");

        private final String key;
        private final String adviceKey;

        Kind(String key) {
            this(key, "twofoldNoticeNotYou");
        }

        Kind(String key, String adviceKey) {
            this.key = key;
            this.adviceKey = adviceKey;
        }

        public String key() {
            return key;
        }

        public String adviceKey() {
            return adviceKey;
        }
    }

    private SecurityNotice() {
    }

    /**
     * Whether a notice of this kind to the user's own address would go out at all: an address, a
     * mail server, and the policy's notices on. Cheap; callers whose reason to send is costly to
     * find out ask this first.
     */
    public static boolean goesOut(KeycloakSession session, RealmModel realm, UserModel user, Kind kind) {
        return kind != Kind.CHANGE_REPORTED && goesOut(realm, TwofoldRequest.of(session, realm).policy(), kind, user.getEmail());
    }

    private static boolean goesOut(RealmModel realm, TwofoldPolicy policy, Kind kind, String address) {
        boolean toAdmins = kind == Kind.CHANGE_REPORTED;
        return address != null && !address.isBlank() && realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty()
                && (policy.securityEmails() || toAdmins)
                && !(kind == Kind.TRUSTED_BROWSER_ADDED && !policy.trustedBrowserEmails())
                && !(kind == Kind.NEW_BROWSER_SIGN_IN && !policy.newBrowserEmails())
                && !(kind == Kind.NEW_NETWORK_SIGN_IN && !policy.newNetworkEmails())
                && !(kind == Kind.NEW_COUNTRY_SIGN_IN && !policy.newCountryEmails());
    }

    /**
     * Queues a notice; {@code parameter} fills the text's {0} (a masked number, a count). Does nothing
     * when the user has no e-mail address, the realm has no mail server or the policy turns notices off.
     */
    public static void send(KeycloakSession session, RealmModel realm, UserModel user, Kind kind, String parameter) {
        send(session, realm, user, kind, parameter, null);
    }

    /** As above, to {@code to} instead of the user's own address when it is not null (the address a change left). */
    public static void send(KeycloakSession session, RealmModel realm, UserModel user, Kind kind, String parameter, String to) {
        send(session, realm, user, kind, parameter, to, null);
    }

    /**
     * As above; {@code createdCredentialId}: the credential the reported change created, which the
     * e-mail's "this wasn't me" link removes when it is used (null: the link only ends sessions).
     */
    public static void send(KeycloakSession session, RealmModel realm, UserModel user, Kind kind, String parameter, String to,
                            String createdCredentialId) {
        TwofoldPolicy policy = TwofoldRequest.of(session, realm).policy();
        boolean toAdmins = kind == Kind.CHANGE_REPORTED;
        String recipient = toAdmins ? policy.reportsEmail() : to;
        if (toAdmins && recipient == null) {
            return;
        }
        if (toAdmins) {
            parameter = user.getUsername();
        }
        if (kind == Kind.NEW_COUNTRY_SIGN_IN && parameter != null) {
            // the country's name in the user's language, with its code: "France, FR"
            parameter = new java.util.Locale("", parameter).getDisplayCountry(session.getContext().resolveLocale(user)) + ", " + parameter;
        }
        if (!goesOut(realm, policy, kind, recipient != null ? recipient : user.getEmail())) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("noticeKey", kind.key());
        attributes.put("noticeParameter", parameter == null ? "" : parameter);
        attributes.put("noticeAdvice", kind.adviceKey());
        attributes.put("noticeFooter", toAdmins ? "twofoldNoticeFooterAdmins" : "twofoldNoticeFooter");
        attributes.put("noticeWhen", WHEN.format(Instant.now()));
        attributes.put("noticeIp", ClientAddress.of(session));
        attributes.put("noticeBrowser", browser(session));
        // made here, on the request: the link needs the realm's key and the server's public address
        if (!toAdmins) {
            attributes.put("noticeNotMeUrl", NotMeLinks.issue(session, realm, user, kind.name(), createdCredentialId));
        }
        String realmId = realm.getId();
        String userId = user.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        // After this request's transaction: the change the notice reports is committed by then.
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                deliver(factory, realmId, userId, recipient, kind, attributes);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void deliver(KeycloakSessionFactory factory, String realmId, String userId, String to, Kind kind, Map<String, Object> attributes) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                s.getContext().setRealm(realm);
                UserModel stored = s.users().getUserById(realm, userId);
                if (stored == null) {
                    return;
                }
                UserModel user = to == null ? stored : new UserModelDelegate(stored) {
                    @Override
                    public String getEmail() {
                        return to;
                    }
                };
                try {
                    s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                            .send(kind.key() + "Subject", List.of(), TEMPLATE, attributes);
                } catch (EmailException e) {
                    failed(kind, userId, e);
                }
            });
        } catch (RuntimeException e) {
            failed(kind, userId, e);
        }
    }

    /** The reason only at debug level: mail errors can quote the address. */
    private static void failed(Kind kind, String userId, Exception e) {
        LOG.warnf("Security e-mail %s to user %s not sent: %s", kind.name().toLowerCase(), userId, e.getClass().getSimpleName());
        LOG.debugf(e, "Security e-mail %s to user %s", kind.name().toLowerCase(), userId);
    }

    /** The browser and system, named from a fixed list (never the header's own text). */
    static String browser(KeycloakSession session) {
        return BrowserDescription.of(session.getContext().getRequestHeaders() == null ? null
                : session.getContext().getRequestHeaders().getHeaderString("User-Agent"));
    }
}

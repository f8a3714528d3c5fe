package io.github.twofold.events;

import io.github.twofold.notify.SecurityNotice;
import io.github.twofold.policy.TwofoldRealms;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-security-notices}: a global listener, the one place security e-mails come from
 * ({@link SecurityNotices} says which events deserve one): Twofold's own changes and uses (a phone
 * added, backup codes created or used, a lock, emergency access) and a second factor removed
 * through Keycloak's own paths (account console, {@code delete_credential}, the admin API), or
 * added through the admin API, in realms that use Twofold only.
 */
public class SecurityNoticeListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-security-notices";

    /** The admin API path of "delete this credential of this user": {@code users/{user}/credentials/{credential}}. */
    private static final Pattern CREDENTIAL_REMOVAL = Pattern.compile("users/([^/]+)/credentials/[^/]+");
    /** A user created or updated through the admin API or a partial import: {@code users/{user}}. */
    private static final Pattern USER = Pattern.compile("users/([^/]+)");

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                SecurityNotices.of(event).ifPresent(notice -> {
                    RealmModel realm = session.realms().getRealm(event.getRealmId());
                    UserModel user = !TwofoldRealms.inUse(realm) ? null : session.users().getUserById(realm, event.getUserId());
                    if (user != null) {
                        SecurityNotice.send(session, realm, user, notice.kind(), notice.parameter(), notice.to(), notice.credentialId());
                    }
                });
            }

            /**
             * An admin removed one of a user's credentials (the Credentials tab's "Delete", or the
             * admin API), or created or updated a user with second-factor credentials in the
             * representation (the admin API's {@code credentials}, a partial import).
             */
            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getError() != null || event.getResourcePath() == null) {
                    return;
                }
                Matcher removal = CREDENTIAL_REMOVAL.matcher(event.getResourcePath());
                Matcher userPath = USER.matcher(event.getResourcePath());
                if (event.getOperationType() == OperationType.ACTION && removal.matches()) {
                    tell(event, removal.group(1), SecurityNotice.Kind.FACTOR_REMOVED_BY_ADMIN, any -> true);
                } else if ((event.getOperationType() == OperationType.CREATE || event.getOperationType() == OperationType.UPDATE)
                        && userPath.matches()) {
                    tell(event, userPath.group(1), SecurityNotice.Kind.FACTOR_ADDED_BY_ADMIN, target -> AdminAddedFactors.in(event, target));
                }
            }

            private void tell(AdminEvent event, String userId, SecurityNotice.Kind kind, Predicate<UserModel> when) {
                RealmModel realm = session.realms().getRealm(event.getRealmId());
                UserModel user = !TwofoldRealms.inUse(realm) ? null : session.users().getUserById(realm, userId);
                // whether a notice goes out at all first: finding out that it should can be costly (reading an
                // imported user's credentials back flushes the whole import's persistence context, per user)
                if (user != null && SecurityNotice.goesOut(session, realm, user, kind) && when.test(user)) {
                    SecurityNotice.send(session, realm, user, kind, null);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

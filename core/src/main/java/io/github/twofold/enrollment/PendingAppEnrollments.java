package io.github.twofold.enrollment;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Authenticator-app enrollments started and not yet confirmed: the secret lives on the
 * server (cluster-wide, Keycloak's single-use store) for ten minutes, bound to the user session that
 * started it, and is taken out exactly once when confirmed, so two parallel confirmations store one
 * credential.
 */
final class PendingAppEnrollments {

    static final int LIFETIME_SECONDS = 600;
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    record Pending(String id, String userSessionId, String secret) {
    }

    private final SingleUseObjectProvider store;
    private final String realmId;

    PendingAppEnrollments(KeycloakSession session, RealmModel realm) {
        this.store = session.singleUseObjects();
        this.realmId = realm.getId();
    }

    Pending start(String userSessionId, String secret) {
        String id = UUID.randomUUID().toString();
        store.put(key(id), LIFETIME_SECONDS, Map.of("session", userSessionId, "secret", secret));
        return new Pending(id, userSessionId, secret);
    }

    /** The enrollment {@code id} started in this user session, if it is still open. */
    Optional<Pending> find(String id, String userSessionId) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, String> stored = store.get(key(id));
        if (stored == null || !userSessionId.equals(stored.get("session"))) {
            return Optional.empty();
        }
        return Optional.of(new Pending(id, userSessionId, stored.get("secret")));
    }

    /** Takes the enrollment out; true for exactly one caller. */
    boolean finish(Pending pending) {
        return store.remove(key(pending.id())) != null;
    }

    private String key(String id) {
        return "twofold:" + realmId + ":app-enrollment:" + id;
    }
}

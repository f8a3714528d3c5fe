package io.github.twofold.code;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where pending SMS codes live: Keycloak's cluster-wide single-use store, keyed by the browser's
 * root authentication session, the user and the purpose. Every tab of one browser sees the same
 * pending code (a second tab or a reload never sends another SMS), and consuming a code is one
 * atomic remove: under parallel requests exactly one wins.
 */
public final class PendingCodes {

    /** What a code is for; part of the key so enrollment, login and the password grant never mix. */
    public enum Purpose { LOGIN, ENROLL, PASSWORD_GRANT, APP_API_ENROLL, EMAIL_LOGIN, RECOVERY }

    /** Pending entries outlive their code so "expired" can be told apart from "never sent". */
    private static final long GRACE_SECONDS = 1800;

    private final SingleUseObjectProvider store;
    private final String key;

    private PendingCodes(KeycloakSession session, String key) {
        this.store = session.singleUseObjects();
        this.key = key;
    }

    public static PendingCodes of(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                  UserModel user, Purpose purpose) {
        String root = authSession.getParentSession().getId();
        return new PendingCodes(session, "twofold:" + realm.getId() + ":pending-sms:" + purpose.name().toLowerCase()
                + ":" + root + ":" + user.getId());
    }

    /**
     * The pending code of the password grant, where every request is a new authentication: bound
     * to the application (its internal id) and the user, so the request that sends the code and
     * the one that types it meet, and no other application's request can use it.
     */
    public static PendingCodes forPasswordGrant(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user) {
        return new PendingCodes(session, "twofold:" + realm.getId() + ":pending-sms:" + Purpose.PASSWORD_GRANT.name().toLowerCase()
                + ":" + client.getId() + ":" + user.getId());
    }

    /** The pending code of a phone enrollment through the app API: bound to the user session behind the token. */
    public static PendingCodes forAppApi(KeycloakSession session, RealmModel realm, String userSessionId, UserModel user) {
        return new PendingCodes(session, "twofold:" + realm.getId() + ":pending-sms:" + Purpose.APP_API_ENROLL.name().toLowerCase()
                + ":" + userSessionId + ":" + user.getId());
    }

    /**
     * Claims the right to send the {@code sendNumber}-th code of this login: one atomic
     * put-if-absent, so of parallel requests (two tabs, a double click, a script) exactly one
     * sends, whatever they read before. {@link #release} gives it back when nothing was sent.
     */
    public boolean claimSend(int sendNumber, long seconds) {
        return store.putIfAbsent(key + ":send:" + sendNumber, Math.max(1, seconds));
    }

    public void release(int sendNumber) {
        store.remove(key + ":send:" + sendNumber);
    }

    public PendingCode get() {
        return PendingCode.fromNotes(store.get(key));
    }

    public void save(PendingCode code, long now) {
        long lifespan = Math.max(1, code.expiresAt() - now) + GRACE_SECONDS;
        store.put(key, lifespan, code.toNotes());
    }

    /**
     * Checks a typed SMS code against {@code code}, the pending code sent to {@code target} (a
     * phone credential's id, or the number being verified), and consumes it when right: of
     * parallel right attempts exactly one gets {@link CodeCheck#OK}.
     */
    public CodeCheck check(PendingCode code, String target, String typed, int length) {
        return check(code, target, typed, length, digits -> code.matches(digits) ? CodeCheck.OK : CodeCheck.WRONG);
    }

    /**
     * As above, with the comparison given: {@code compare} gets the typed digits once the input is
     * a code and the pending code is this target's and unexpired, and answers {@link CodeCheck#OK},
     * {@link CodeCheck#WRONG}, {@link CodeCheck#EXPIRED} or {@link CodeCheck#UNAVAILABLE} (a gateway
     * that checks its own codes could not be asked); a right code is then consumed here.
     */
    public CodeCheck check(PendingCode code, String target, String typed, int length, java.util.function.Function<String, CodeCheck> compare) {
        if (code == null || !code.target().equals(target)) {
            return CodeCheck.NO_CODE;
        }
        String digits = CodeInput.digits(typed, length);
        if (digits == null) {
            return CodeCheck.notACode(typed);
        }
        if (code.expired(org.keycloak.common.util.Time.currentTime())) {
            return CodeCheck.EXPIRED;
        }
        CodeCheck compared = compare.apply(digits);
        if (compared != CodeCheck.OK) {
            return compared;
        }
        return consume(code) ? CodeCheck.OK : CodeCheck.ALREADY_USED;
    }

    /** Removes the pending code; true only for the one caller that removed this very code. */
    public boolean consume(PendingCode expected) {
        PendingCode removed = PendingCode.fromNotes(store.remove(key));
        if (removed == null) {
            return false;
        }
        if (!removed.id().equals(expected.id())) {
            // a resend replaced it in between: put the newer code back, this attempt fails
            store.put(key, Math.max(1, removed.expiresAt() - org.keycloak.common.util.Time.currentTime()) + GRACE_SECONDS, removed.toNotes());
            return false;
        }
        return true;
    }

    /**
     * Withdraws the pending code (the user changes the number) but keeps its send history, so the
     * resend cooldown and its doubling go on: entering a number again never buys a free SMS.
     */
    public void withdraw(PendingCode code, long now) {
        save(code.withdrawn(now), now);
    }

    public void discard() {
        store.remove(key);
    }
}

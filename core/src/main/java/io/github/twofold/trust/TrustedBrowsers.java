package io.github.twofold.trust;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.TwofoldPolicy;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Trusted browsers: giving trust after a verified second factor, checking a browser's cookie at
 * sign-in, and ending trust. Records are Keycloak credentials of the user
 * ({@link TrustedBrowserCredentialModel}); the browser holds a random secret whose hash the record
 * keeps. Trust is honoured only for the user and realm that own the record, before it expires
 * (the shorter of the days given and the realm's current setting), while the user's credentials
 * are those it was given under ({@link CredentialFingerprint}) and no admin signed the user out
 * everywhere since.
 */
public final class TrustedBrowsers {

    /** The login step that honours trust ({@code twofold-trusted-browser}). */
    public static final String AUTHENTICATOR_ID = "twofold-trusted-browser";
    /** {@code twofold_method} of trust events. */
    public static final String METHOD = "trusted_browser";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TwofoldPolicy policy;

    public TrustedBrowsers(KeycloakSession session, RealmModel realm, TwofoldPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    /** A trust just given, and how many older ones it pushed out (the realm's limit per user). */
    public record Given(TrustedBrowserCredentialModel record, long dropped) {
    }

    /** What {@link #check} found, with the record when there is one. */
    public record Checked(TrustCheck outcome, Optional<TrustedBrowserCredentialModel> record) {
        public boolean ok() {
            return outcome == TrustCheck.OK;
        }
    }

    /**
     * Trusts this browser for the user: stores a record (offered first among the user's sign-in
     * methods), drops the records used longest ago beyond the realm's limit, and sets the cookie.
     */
    public Given trust(UserModel user, String browser) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = Time.currentTime();
        long expiresAt = now + days(user) * 86400L;
        TrustedBrowserCredentialModel model = TrustedBrowserCredentialModel.create(browser, hash(secret), now, expiresAt,
                CredentialFingerprint.of(user));
        uniqueLabel(user, model);
        CredentialModel stored = user.credentialManager().createStoredCredential(model);
        user.credentialManager().moveStoredCredentialTo(stored.getId(), null);
        List<TrustedBrowserCredentialModel> newestFirst = list(user).stream()
                .sorted(Comparator.comparingLong(TrustedBrowserCredentialModel::lastUsedAt)
                        .thenComparingLong(TrustedBrowserCredentialModel::trustedAt).reversed())
                .toList();
        List<TrustedBrowserCredentialModel> dropped = newestFirst.stream().skip(policy.trustedBrowsersPerUser())
                .filter(old -> !old.getId().equals(stored.getId()))
                .toList();
        dropped.forEach(old -> user.credentialManager().removeStoredCredentialById(old.getId()));
        TrustCookie.set(session, realm, stored.getId(), secret, (int) (expiresAt - now));
        return new Given(TrustedBrowserCredentialModel.from(stored), dropped.size());
    }

    /** Checks a cookie value against the user's records; a stale record that is found is removed. */
    public Checked check(UserModel user, String cookieValue) {
        Optional<TrustCookie.Value> value = TrustCookie.parse(cookieValue);
        if (value.isEmpty()) {
            return new Checked(TrustCheck.MALFORMED, Optional.empty());
        }
        Optional<TrustedBrowserCredentialModel> found = list(user).stream()
                .filter(r -> r.getId().equals(value.get().recordId()))
                .findFirst();
        if (found.isEmpty()) {
            return new Checked(TrustCheck.UNKNOWN, Optional.empty());
        }
        TrustedBrowserCredentialModel record = found.get();
        String expected = record.secretHash();
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                hash(value.get().secret()).getBytes(StandardCharsets.US_ASCII))) {
            return new Checked(TrustCheck.TAMPERED, found);
        }
        TrustCheck stale = staleness(user, record, CredentialFingerprint.of(user));
        if (stale != TrustCheck.OK) {
            user.credentialManager().removeStoredCredentialById(record.getId());
        }
        return new Checked(stale, found);
    }

    /** Records the sign-in on the record (the day of last use, shown in the account console; one write a day at most). */
    public void used(UserModel user, TrustedBrowserCredentialModel record) {
        if (record.used(Time.currentTime())) {
            uniqueLabel(user, record);
            user.credentialManager().updateStoredCredential(record);
        }
    }

    /** Keycloak refuses two credentials of one type with the same label: "Chrome (Linux) · 2026-11-30 (2)". */
    private static void uniqueLabel(UserModel user, TrustedBrowserCredentialModel model) {
        Set<String> taken = user.credentialManager().getStoredCredentialsByTypeStream(TrustedBrowserCredentialModel.TYPE)
                .filter(c -> !c.getId().equals(model.getId()))
                .map(CredentialModel::getUserLabel)
                .collect(Collectors.toSet());
        String base = model.getUserLabel();
        String label = base;
        for (int n = 2; taken.contains(label); n++) {
            label = base + " (" + n + ")";
        }
        model.setUserLabel(label);
    }

    /** The user's trusted browsers, as stored (stale ones included until {@link #dropStale}). */
    public List<TrustedBrowserCredentialModel> list(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TrustedBrowserCredentialModel.TYPE)
                .map(TrustedBrowserCredentialModel::from)
                .toList();
    }

    /** Removes the records that can no longer be honoured; returns what each was removed for. */
    public List<TrustCheck> dropStale(UserModel user) {
        List<TrustedBrowserCredentialModel> records = list(user);
        if (records.isEmpty()) {
            return List.of();
        }
        String fingerprint = CredentialFingerprint.of(user);
        return records.stream()
                .map(r -> {
                    TrustCheck stale = staleness(user, r, fingerprint);
                    if (stale != TrustCheck.OK) {
                        user.credentialManager().removeStoredCredentialById(r.getId());
                    }
                    return stale;
                })
                .filter(c -> c != TrustCheck.OK)
                .toList();
    }

    /** Removes every trusted browser of the user; returns how many there were. */
    public int revokeAll(UserModel user) {
        List<TrustedBrowserCredentialModel> records = list(user);
        records.forEach(r -> user.credentialManager().removeStoredCredentialById(r.getId()));
        return records.size();
    }

    /** Days of trust under the policy of this user's sign-in (an organization may set its own). */
    private int days(UserModel user) {
        return OrganizationPolicy.forUser(session, realm, user, policy).trustedBrowserDays();
    }

    private TrustCheck staleness(UserModel user, TrustedBrowserCredentialModel record, String fingerprint) {
        long now = Time.currentTime();
        long endsAt = Math.min(record.expiresAt(), record.trustedAt() + days(user) * 86400L);
        if (now >= endsAt) {
            return TrustCheck.EXPIRED;
        }
        if (!fingerprint.equals(record.credentials())) {
            return TrustCheck.CREDENTIALS_CHANGED;
        }
        // the user's not-before (an admin's sign-out, a disabled account) and the realm's (sign out everyone)
        if (record.trustedAt() <= session.users().getNotBeforeOfUser(realm, user) || record.trustedAt() <= realm.getNotBefore()) {
            return TrustCheck.SIGNED_OUT;
        }
        return TrustCheck.OK;
    }

    /**
     * Whether a trusted browser stood in for the second factor in a sign-in or the SSO session it
     * continues: Keycloak's record of completed steps ({@code authenticators-completed}) holds the
     * trusted-browser step.
     */
    public static boolean usedIn(RealmModel realm, String completedNote) {
        try {
            return AuthenticatorUtils.parseCompletedExecutions(completedNote).keySet().stream()
                    .map(realm::getAuthenticationExecutionById)
                    .anyMatch(e -> e != null && AUTHENTICATOR_ID.equals(e.getAuthenticator()));
        } catch (IllegalStateException unreadable) {
            return false;
        }
    }

    /** Reports trust that ended without the user asking ({@code reason}: a {@link TrustCheck} reason or {@code limit}), on a fresh builder. */
    public static void reportRevoked(EventBuilder event, UserModel user, String reason) {
        event.event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.TRUSTED_BROWSER_REVOKED.key())
                .detail(TwofoldEvents.METHOD, METHOD)
                .detail(TwofoldEvents.REASON, reason)
                .success();
    }

    static String hash(String secret) {
        return CredentialFingerprint.sha256(secret);
    }
}

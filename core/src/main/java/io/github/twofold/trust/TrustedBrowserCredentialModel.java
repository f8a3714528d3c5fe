package io.github.twofold.trust;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.twofold.credential.CredentialFormat;
import io.github.twofold.credential.CredentialTypes;
import org.keycloak.credential.CredentialModel;

/**
 * One trusted browser of a user: a Keycloak credential, so it lives in Keycloak's database (every
 * node sees it), the account console lists it and removes it, and the admin REST API lists and
 * deletes it. The secret data holds only a hash of the browser's cookie secret; the public data
 * says when the trust ends and which credentials it was given under.
 */
public class TrustedBrowserCredentialModel extends CredentialModel {

    public static final String TYPE = CredentialTypes.TRUSTED_BROWSER;

    public static class Data extends CredentialFormat.Versioned {
        /** "Chrome (Linux)": named from a fixed list, never the User-Agent's own text. */
        @JsonProperty("browser")
        public String browser;
        /** Epoch seconds. */
        @JsonProperty("expiresAt")
        public long expiresAt;
        /** Epoch seconds of the last sign-in that used it (the creation at first). */
        @JsonProperty("lastUsedAt")
        public long lastUsedAt;
        /** The user's other credentials when the trust was given ({@link CredentialFingerprint}). */
        @JsonProperty("credentials")
        public String credentials;
    }

    public static class Secret {
        /** SHA-256 of the cookie's secret part (base64url). */
        @JsonProperty("hash")
        public String hash;
    }

    private Data data;
    private Secret secret;

    private TrustedBrowserCredentialModel() {
    }

    public static TrustedBrowserCredentialModel create(String browser, String secretHash, long now, long expiresAt, String credentials) {
        TrustedBrowserCredentialModel model = new TrustedBrowserCredentialModel();
        model.data = new Data();
        model.data.browser = browser;
        model.data.expiresAt = expiresAt;
        model.data.lastUsedAt = now;
        model.data.credentials = credentials;
        model.secret = new Secret();
        model.secret.hash = secretHash;
        model.setType(TYPE);
        model.setCreatedDate(now * 1000);
        model.write();
        return model;
    }

    public static TrustedBrowserCredentialModel from(CredentialModel stored) {
        TrustedBrowserCredentialModel model = new TrustedBrowserCredentialModel();
        model.data = CredentialFormat.readData(stored, Data.class, new Data());
        model.secret = CredentialFormat.readSecret(stored, Secret.class, new Secret());
        CredentialFormat.copyStored(stored, model);
        return model;
    }

    /**
     * Records a sign-in at {@code now}, when it falls on another (UTC) day than the last one: the
     * label shows the day of the last use and the oldest-first eviction reads it, so a second sign-in
     * on the same day changes nothing and costs no database write. True when the record changed.
     */
    public boolean used(long now) {
        if (data.lastUsedAt / 86400 == now / 86400) {
            return false;
        }
        data.lastUsedAt = now;
        write();
        return true;
    }

    private void write() {
        setUserLabel(TrustedBrowserLabel.of(data.browser, data.lastUsedAt));
        CredentialFormat.write(this, data, secret);
    }

    public String secretHash() {
        return secret.hash;
    }

    public String browser() {
        return data.browser;
    }

    public long expiresAt() {
        return data.expiresAt;
    }

    public long lastUsedAt() {
        return data.lastUsedAt;
    }

    public String credentials() {
        return data.credentials;
    }

    /** Epoch seconds of the trust's creation. */
    public long trustedAt() {
        return getCreatedDate() == null ? 0 : getCreatedDate() / 1000;
    }
}

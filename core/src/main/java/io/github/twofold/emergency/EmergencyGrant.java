package io.github.twofold.emergency;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.twofold.credential.CredentialFormat;
import io.github.twofold.credential.CredentialTypes;
import org.keycloak.credential.CredentialModel;

/**
 * One emergency-access grant, stored as a credential of the user: who granted it, why, until when,
 * and a salted PBKDF2 hash of the one-time code (never the code). A user has at most one.
 */
public class EmergencyGrant extends CredentialModel {

    public static final String TYPE = CredentialTypes.EMERGENCY_GRANT;

    public static class Data extends CredentialFormat.Versioned {
        @JsonProperty("expiresAt")
        public long expiresAt;
        @JsonProperty("reason")
        public String reason;
        @JsonProperty("grantedById")
        public String grantedById;
        @JsonProperty("grantedBy")
        public String grantedBy;
        @JsonProperty("iterations")
        public int iterations;
        /** What the user lost ({@link Lost}): retired once the emergency sign-in has set up a new factor. */
        @JsonProperty("lost")
        public String lost;
    }

    /** What the help desk recorded as lost. */
    public enum Lost {
        /** Every second factor the user has (the usual case: nothing else works). */
        ALL,
        /** The phone for SMS codes only. */
        PHONE;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The stored value; grants from before this setting retire nothing. */
        public static Lost of(String value) {
            for (Lost l : values()) {
                if (l.value().equals(value)) {
                    return l;
                }
            }
            return null;
        }
    }

    public static class Secret {
        /** {@code <base64 salt>:<base64 hash>} */
        @JsonProperty("hash")
        public String hash;
    }

    private Data data;
    private Secret secret;

    private EmergencyGrant() {
    }

    public static EmergencyGrant create(Data data, Secret secret, long createdAtMillis) {
        EmergencyGrant grant = new EmergencyGrant();
        grant.data = data;
        grant.secret = secret;
        grant.setType(TYPE);
        grant.setCreatedDate(createdAtMillis);
        grant.setUserLabel("Emergency access");
        CredentialFormat.write(grant, data, secret);
        return grant;
    }

    public static EmergencyGrant from(CredentialModel stored) {
        EmergencyGrant grant = new EmergencyGrant();
        grant.data = CredentialFormat.readData(stored, Data.class, new Data());
        grant.secret = CredentialFormat.readSecret(stored, Secret.class, null);
        CredentialFormat.copyStored(stored, grant);
        return grant;
    }

    public Data data() {
        return data;
    }

    public Secret secret() {
        return secret;
    }

    public boolean expired(long nowSeconds) {
        return nowSeconds >= data.expiresAt;
    }
}

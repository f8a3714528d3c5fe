package io.github.twofold.emergency;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * One emergency-access grant, stored as a credential of the user: who granted it, why, until when,
 * and a salted PBKDF2 hash of the one-time code (never the code). A user has at most one.
 */
public class EmergencyGrant extends CredentialModel {

    public static final String TYPE = "twofold-emergency-access";

    public static class Data {
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
        try {
            grant.setCredentialData(JsonSerialization.writeValueAsString(data));
            grant.setSecretData(JsonSerialization.writeValueAsString(secret));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return grant;
    }

    public static EmergencyGrant from(CredentialModel stored) {
        EmergencyGrant grant = new EmergencyGrant();
        try {
            grant.data = JsonSerialization.readValue(stored.getCredentialData(), Data.class);
            grant.secret = stored.getSecretData() == null ? null : JsonSerialization.readValue(stored.getSecretData(), Secret.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + TYPE + " credential " + stored.getId(), e);
        }
        grant.setId(stored.getId());
        grant.setType(stored.getType());
        grant.setUserLabel(stored.getUserLabel());
        grant.setCreatedDate(stored.getCreatedDate());
        grant.setCredentialData(stored.getCredentialData());
        grant.setSecretData(stored.getSecretData());
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

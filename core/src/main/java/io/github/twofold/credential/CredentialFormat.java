package io.github.twofold.credential;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * The format version of the data Twofold stores in its credentials. Every credential it writes says
 * which format it has ({@code "format"} in the credential data); data written before the field
 * existed is format 1. A later Twofold that changes what it stores raises {@link #CURRENT} and
 * reads every older format; an older Twofold refuses a newer format with a clear error instead of
 * misreading it (e.g. after a downgrade).
 */
public final class CredentialFormat {

    /** The format this Twofold writes. */
    public static final int CURRENT = 1;

    /** Stored data that carries its format (absent: format 1). */
    public abstract static class Versioned {
        @JsonProperty("format")
        public Integer format;

        public int format() {
            return format == null ? 1 : format;
        }
    }

    private CredentialFormat() {
    }

    /** Reads a stored credential's public data, refusing a format this Twofold does not know. */
    public static <D extends Versioned> D readData(CredentialModel stored, Class<D> type, D whenAbsent) {
        D data = read(stored, stored.getCredentialData(), type, whenAbsent);
        if (data.format() > CURRENT) {
            throw new IllegalStateException("credential " + stored.getId() + " (" + stored.getType() + ") was stored in format "
                    + data.format() + " by a newer Twofold; this one reads formats up to " + CURRENT + ". Install that Twofold version or a newer one.");
        }
        return data;
    }

    /** Reads a stored credential's secret data (no format of its own: the public data's applies). */
    public static <S> S readSecret(CredentialModel stored, Class<S> type, S whenAbsent) {
        return read(stored, stored.getSecretData(), type, whenAbsent);
    }

    private static <T> T read(CredentialModel stored, String json, Class<T> type, T whenAbsent) {
        if (json == null) {
            return whenAbsent;
        }
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            // names the credential, never its content
            throw new UncheckedIOException("unreadable " + stored.getType() + " credential " + stored.getId(), new IOException(e.getClass().getSimpleName()));
        }
    }

    /** Writes data and secret into {@code model}, the data stamped with the current format. */
    public static void write(CredentialModel model, Versioned data, Object secret) {
        data.format = CURRENT;
        try {
            model.setCredentialData(JsonSerialization.writeValueAsString(data));
            model.setSecretData(JsonSerialization.writeValueAsString(secret));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies what Keycloak stored (id, type, label, dates, raw data) into a typed model. */
    public static void copyStored(CredentialModel from, CredentialModel to) {
        to.setId(from.getId());
        to.setType(from.getType());
        to.setUserLabel(from.getUserLabel());
        to.setCreatedDate(from.getCreatedDate());
        to.setCredentialData(from.getCredentialData());
        to.setSecretData(from.getSecretData());
    }
}

package io.github.twofold.trust;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.UserModel;

/**
 * What a user was recently seen with (a browser, a network), as hashes in a user attribute, the most
 * recent ones kept: for "your account was signed in to from somewhere new". The first sighting is
 * remembered quietly, and the attribute is written only when something new was seen.
 */
final class RecentlySeen {

    /** What a sighting makes of the known hashes. */
    record Remembered(List<String> kept, boolean changed, boolean isNew) {
    }

    private RecentlySeen() {
    }

    /** What is stored of a sighting: a plain hash (the ids are random, the networks few; a copied attribute gives neither back in clear). */
    static String hash(String seen) {
        return CredentialFingerprint.sha256(seen).substring(0, 32);
    }

    /** Remembers {@code seen} in the user's {@code attribute}; whether it is new while another one was known. */
    static boolean rememberIsNew(UserModel user, String attribute, String seen, int limit) {
        Remembered remembered = remember(user.getAttributeStream(attribute).toList(), seen, limit);
        if (remembered.changed()) {
            user.setAttribute(attribute, remembered.kept());
        }
        return remembered.isNew();
    }

    /**
     * The known hashes after a sighting of {@code seen}: unchanged when it is known; else it is added
     * (the oldest dropped beyond {@code limit}), and it is new unless it is the first.
     */
    static Remembered remember(List<String> known, String seen, int limit) {
        if (known.contains(seen)) {
            return new Remembered(known, false, false);
        }
        List<String> kept = new ArrayList<>(known);
        kept.add(seen);
        return new Remembered(List.copyOf(kept.subList(Math.max(0, kept.size() - limit), kept.size())), true, !known.isEmpty());
    }
}

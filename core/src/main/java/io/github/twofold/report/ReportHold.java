package io.github.twofold.report;

import java.util.OptionalLong;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * After "this wasn't me" the user's second factors are on hold: no page, required action or app API
 * call adds, replaces or removes one until an administrator lifts the hold (or an emergency-access
 * sign-in, where an administrator verified the person, sets up a new one). Whoever made the
 * reported change may still know the password; without the hold they could sign in again and set
 * up a factor of their own. Kept in a user attribute, like the grace count.
 */
public final class ReportHold {

    /** User attribute: when the hold began (epoch seconds). */
    public static final String ATTRIBUTE = "twofold.report-hold";

    private ReportHold() {
    }

    public static boolean holds(UserModel user) {
        return since(user).isPresent();
    }

    /** When the hold began, if there is one. */
    public static OptionalLong since(UserModel user) {
        String value = user.getFirstAttribute(ATTRIBUTE);
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException unreadable) {
            return OptionalLong.of(0); // someone wrote it by hand: still a hold
        }
    }

    static void place(UserModel user) {
        user.setSingleAttribute(ATTRIBUTE, Long.toString(Time.currentTime()));
    }

    /** Lifts the hold; whether there was one. */
    public static boolean lift(UserModel user) {
        boolean held = holds(user);
        user.removeAttribute(ATTRIBUTE);
        return held;
    }
}

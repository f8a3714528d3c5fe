package io.github.twofold.report;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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

    /** A user on hold, for the admin's list. */
    public record Held(String userId, String username, long since) {
    }

    /**
     * The realm's users whose second factors are on hold, the oldest hold first: read from the
     * user attribute in Keycloak's database (users of a federation that Keycloak does not import
     * keep their attributes elsewhere and are not listed).
     */
    public static List<Held> list(KeycloakSession session, RealmModel realm, int first, int max) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery("select a.user.id, a.user.username, a.value from UserAttributeEntity a"
                        + " where a.name = :name and a.user.realmId = :realm order by a.value, a.user.username", Object[].class)
                .setParameter("name", ATTRIBUTE).setParameter("realm", realm.getId())
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, Math.min(max, 1000)))
                .getResultList();
        List<Held> held = new ArrayList<>();
        for (Object[] row : rows) {
            long since;
            try {
                since = Long.parseLong(String.valueOf(row[2]).trim());
            } catch (NumberFormatException unreadable) {
                since = 0; // written by hand: still a hold, as holds() reads it
            }
            held.add(new Held((String) row[0], (String) row[1], since));
        }
        return held;
    }

    /** Lifts the hold; whether there was one. */
    public static boolean lift(UserModel user) {
        boolean held = holds(user);
        user.removeAttribute(ATTRIBUTE);
        return held;
    }
}

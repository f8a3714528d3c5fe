package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import java.util.HashSet;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Which secrets of a credential have been used. {@link #markUsed} inserts one row whose primary
 * key is the credential and slot, in a transaction of its own: on H2, PostgreSQL and MariaDB, on
 * any number of nodes, exactly one caller succeeds for a slot.
 */
public final class UsedSecrets {

    private final KeycloakSession session;

    public UsedSecrets(KeycloakSession session) {
        this.session = session;
    }

    /** True for the one caller that used the slot; false if it was used before. */
    public boolean markUsed(String realmId, String userId, String credentialId, int slot) {
        String id = credentialId + ":" + slot;
        OwnTransactions transactions = OwnTransactions.of(session);
        try {
            // Own transaction, committed at once: the use is durable before the login goes on.
            return transactions.inNewTransaction(em -> {
                if (em.find(UsedSecretEntity.class, id) != null) {
                    return false;
                }
                UsedSecretEntity e = new UsedSecretEntity();
                e.setId(id);
                e.setRealmId(realmId);
                e.setUserId(userId);
                e.setCredentialId(credentialId);
                e.setUsedAt(Time.currentTimeMillis());
                em.persist(e);
                em.flush();
                return true;
            });
        } catch (RuntimeException e) {
            // Two uses of the same slot at once: the primary key let one insert through and failed
            // the other. Tell that apart from a database failure by looking.
            boolean usedByOther = transactions.inNewTransaction(em -> em.find(UsedSecretEntity.class, id) != null);
            if (usedByOther) {
                return false;
            }
            throw e;
        }
    }

    public int countUsed(String credentialId) {
        return em().createNamedQuery("twofoldCountUsedSecrets", Long.class)
                .setParameter("credentialId", credentialId).getSingleResult().intValue();
    }

    public Set<Integer> usedSlots(String credentialId) {
        Set<Integer> slots = new HashSet<>();
        em().createQuery("select u.id from UsedSecretEntity u where u.credentialId = :credentialId", String.class)
                .setParameter("credentialId", credentialId).getResultStream()
                .forEach(id -> slots.add(Integer.parseInt(id.substring(id.lastIndexOf(':') + 1))));
        return slots;
    }

    public void deleteForCredential(String credentialId) {
        em().createNamedQuery("twofoldDeleteUsedSecretsOfCredential").setParameter("credentialId", credentialId).executeUpdate();
    }

    public void deleteForUser(String realmId, String userId) {
        em().createNamedQuery("twofoldDeleteUsedSecretsOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    public void deleteForRealm(String realmId) {
        em().createNamedQuery("twofoldDeleteUsedSecretsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}

package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs a job in a new, short transaction of its own and commits it. In Keycloak that is a new
 * session on Keycloak's database; the limiter benchmark runs the same counter logic on a plain
 * JPA connection, without a server.
 */
@FunctionalInterface
public interface CounterTransactions {

    <T> T inNewTransaction(Function<EntityManager, T> job);

    /**
     * New EntityManagers of a plain JPA persistence unit, each with its own transaction: committed
     * when the job returns, rolled back when it throws. For running the store without a server.
     */
    static CounterTransactions of(EntityManagerFactory factory) {
        return new CounterTransactions() {
            @Override
            public <T> T inNewTransaction(Function<EntityManager, T> job) {
                try (EntityManager em = factory.createEntityManager()) {
                    em.getTransaction().begin();
                    try {
                        T result = job.apply(em);
                        em.getTransaction().commit();
                        return result;
                    } catch (RuntimeException e) {
                        if (em.getTransaction().isActive()) {
                            em.getTransaction().rollback();
                        }
                        throw e;
                    }
                }
            }
        };
    }

    /** New Keycloak sessions of the given factory, each with its own transaction. */
    static CounterTransactions of(KeycloakSessionFactory factory) {
        return new CounterTransactions() {
            @Override
            public <T> T inNewTransaction(Function<EntityManager, T> job) {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        s -> job.apply(s.getProvider(JpaConnectionProvider.class).getEntityManager()));
            }
        };
    }
}

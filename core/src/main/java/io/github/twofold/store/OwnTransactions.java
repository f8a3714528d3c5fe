package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.TransactionManager;
import java.util.function.Function;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.transaction.JtaTransactionManagerLookup;

/**
 * Runs a job in a new, short transaction of its own and commits it. In Keycloak that is a JTA
 * transaction of its own on Keycloak's database, beside the request's; the limiter benchmark runs
 * the same counter logic on a plain JPA connection, without a server.
 */
@FunctionalInterface
public interface OwnTransactions {

    <T> T inNewTransaction(Function<EntityManager, T> job);

    /**
     * New EntityManagers of a plain JPA persistence unit, each with its own transaction: committed
     * when the job returns, rolled back when it throws. For running the store without a server.
     */
    static OwnTransactions of(EntityManagerFactory factory) {
        return new OwnTransactions() {
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

    /**
     * Transactions of their own on the database of the given request's Keycloak session. Where
     * Keycloak runs its transactions through JTA (the Quarkus server does), the request's
     * transaction is suspended, a new one begun on the same transaction manager, and a new
     * EntityManager of Keycloak's own EntityManagerFactory joins it, wrapped in Keycloak's proxy so
     * database errors arrive as Keycloak's exceptions; after commit or rollback the request's
     * transaction is resumed. That is what a new KeycloakSession's transaction does underneath,
     * without building (and closing) a whole session and its providers for three statements.
     * Without JTA, a new Keycloak session.
     */
    static OwnTransactions of(KeycloakSession session) {
        JtaTransactionManagerLookup lookup = session.getProvider(JtaTransactionManagerLookup.class);
        TransactionManager manager = lookup == null ? null : lookup.getTransactionManager();
        if (manager == null) {
            return of(session.getKeycloakSessionFactory());
        }
        EntityManagerFactory factory = session.getProvider(JpaConnectionProvider.class).getEntityManager().getEntityManagerFactory();
        return new JtaOwnTransactions(session, manager, factory);
    }

    /** New Keycloak sessions of the given factory, each with its own transaction. */
    static OwnTransactions of(KeycloakSessionFactory factory) {
        return new OwnTransactions() {
            @Override
            public <T> T inNewTransaction(Function<EntityManager, T> job) {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        s -> job.apply(s.getProvider(JpaConnectionProvider.class).getEntityManager()));
            }
        };
    }
}

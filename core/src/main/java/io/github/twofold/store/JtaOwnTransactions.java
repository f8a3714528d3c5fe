package io.github.twofold.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SynchronizationType;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.util.function.Function;
import org.keycloak.connections.jpa.support.EntityManagerProxy;
import org.keycloak.models.KeycloakSession;

/**
 * A JTA transaction of its own per job, beside the request's (suspended meanwhile and resumed
 * after), with a new EntityManager of Keycloak's EntityManagerFactory joined to it. Like the
 * transaction of a new KeycloakSession (Keycloak's JtaTransactionWrapper), without the session.
 */
final class JtaOwnTransactions implements OwnTransactions {

    private final KeycloakSession session;
    private final TransactionManager manager;
    private final EntityManagerFactory factory;

    JtaOwnTransactions(KeycloakSession session, TransactionManager manager, EntityManagerFactory factory) {
        this.session = session;
        this.manager = manager;
        this.factory = factory;
    }

    @Override
    public <T> T inNewTransaction(Function<EntityManager, T> job) {
        Transaction request = suspend();
        try {
            return inOwnTransaction(job);
        } finally {
            resume(request);
        }
    }

    private <T> T inOwnTransaction(Function<EntityManager, T> job) {
        begin();
        EntityManager em = null;
        try {
            em = EntityManagerProxy.create(session, factory.createEntityManager(SynchronizationType.SYNCHRONIZED), false);
            T result = job.apply(em);
            // written here, through the proxy, so a database error arrives as Keycloak's exception
            em.flush();
            commit();
            return result;
        } catch (RuntimeException | Error e) {
            rollback(e);
            throw e;
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    private Transaction suspend() {
        try {
            return manager.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("could not suspend the request's transaction", e);
        }
    }

    private void resume(Transaction request) {
        if (request == null) {
            return;
        }
        try {
            manager.resume(request);
        } catch (Exception e) {
            throw new IllegalStateException("could not resume the request's transaction", e);
        }
    }

    private void begin() {
        try {
            manager.begin();
        } catch (Exception e) {
            throw new IllegalStateException("could not begin a transaction", e);
        }
    }

    private void commit() {
        try {
            manager.commit();
        } catch (RollbackException e) {
            throw EntityManagerProxy.convert(e.getCause() != null ? e.getCause() : e);
        } catch (Exception e) {
            throw new IllegalStateException("could not commit a transaction", e);
        }
    }

    /** Rolls back what is left of the transaction (nothing when the commit itself failed), keeping the first failure. */
    private void rollback(Throwable failure) {
        try {
            if (manager.getStatus() != Status.STATUS_NO_TRANSACTION) {
                manager.rollback();
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}

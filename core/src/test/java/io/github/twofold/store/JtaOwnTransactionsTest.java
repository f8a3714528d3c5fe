package io.github.twofold.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SynchronizationType;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.SQLException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;

/**
 * A transaction of its own beside the request's: the request's transaction is suspended first
 * and resumed last, whatever happens in between, and a key violation arrives as Keycloak's
 * ModelDuplicateException (the counter store and the used-secret table tell a lost race by it).
 */
class JtaOwnTransactionsTest {

    private final TransactionManager manager = mock(TransactionManager.class);
    private final EntityManagerFactory factory = mock(EntityManagerFactory.class);
    private final EntityManager em = mock(EntityManager.class);
    private final Transaction request = mock(Transaction.class);
    private OwnTransactions transactions;

    @BeforeEach
    void transactions() throws Exception {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.getAttributeOrDefault(anyString(), any())).thenAnswer(call -> call.getArgument(1));
        when(factory.createEntityManager(SynchronizationType.SYNCHRONIZED)).thenReturn(em);
        when(manager.suspend()).thenReturn(request);
        when(manager.getStatus()).thenReturn(Status.STATUS_ACTIVE);
        transactions = new JtaOwnTransactions(session, manager, factory);
    }

    @Test
    void theJobRunsInANewTransactionBetweenSuspendingAndResumingTheRequests() throws Exception {
        String result = transactions.inNewTransaction(entityManager -> {
            entityManager.clear();
            return "done";
        });

        assertThat(result).isEqualTo("done");
        InOrder order = inOrder(manager, em);
        order.verify(manager).suspend();
        order.verify(manager).begin();
        order.verify(em).clear();
        order.verify(em).flush();
        order.verify(manager).commit();
        order.verify(em).close();
        order.verify(manager).resume(request);
        verify(manager, never()).rollback();
    }

    @Test
    void aFailingJobIsRolledBackAndTheRequestsTransactionResumed() throws Exception {
        IllegalStateException failure = new IllegalStateException("job failed");

        assertThatThrownBy(() -> transactions.inNewTransaction(entityManager -> {
            throw failure;
        })).isSameAs(failure);

        InOrder order = inOrder(manager, em);
        order.verify(manager).begin();
        order.verify(manager).rollback();
        order.verify(em).close();
        order.verify(manager).resume(request);
        verify(manager, never()).commit();
    }

    @Test
    void aKeyViolationAtTheWriteIsKeycloaksDuplicateAndTheRequestsTransactionResumed() throws Exception {
        doThrow(new ConstraintViolationException("duplicate key", new SQLException("duplicate key", "23505"), "pk"))
                .when(em).flush();

        assertThatThrownBy(() -> transactions.inNewTransaction(entityManager -> 1)).isInstanceOf(ModelDuplicateException.class);

        verify(manager).rollback();
        verify(manager, never()).commit();
        verify(manager).resume(request);
    }

    @Test
    void aKeyViolationAtTheCommitIsKeycloaksDuplicateToo() throws Exception {
        RollbackException rolledBack = new RollbackException("rolled back");
        rolledBack.initCause(new ConstraintViolationException("duplicate key", new SQLException("duplicate key", "23505"), "pk"));
        doThrow(rolledBack).when(manager).commit();
        when(manager.getStatus()).thenReturn(Status.STATUS_NO_TRANSACTION);

        assertThatThrownBy(() -> transactions.inNewTransaction(entityManager -> 1)).isInstanceOf(ModelDuplicateException.class);

        verify(manager, never()).rollback();
        verify(manager).resume(request);
    }

    @Test
    void withoutARequestTransactionNothingIsResumed() throws Exception {
        when(manager.suspend()).thenReturn(null);

        int result = transactions.inNewTransaction(entityManager -> 7);

        assertThat(result).isEqualTo(7);

        verify(manager).commit();
        verify(manager, never()).resume(any());
    }
}

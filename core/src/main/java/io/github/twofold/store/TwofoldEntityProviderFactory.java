package io.github.twofold.store;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Twofold's two tables (counters, used secrets) in Keycloak's own database, created and migrated
 * by Liquibase with Keycloak's schema. {@link #create} must not touch the session: Keycloak calls
 * it at build time to discover the entities.
 */
public class TwofoldEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "twofold-store";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(CounterEntity.class, UsedSecretEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/twofold-changelog.xml";
        }

        @Override
        public String getFactoryId() {
            return PROVIDER_ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // One node at a time deletes expired counters (ClusterAwareScheduledTaskRunner).
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, new ExpiredCounterCleanup(), CLEANUP_INTERVAL_MILLIS),
                CLEANUP_INTERVAL_MILLIS, "twofold-expired-counters"));
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new UsedSecrets(removed.getKeycloakSession()).deleteForUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new UsedSecrets(removed.getKeycloakSession()).deleteForRealm(removed.getRealm().getId());
                CounterStore.deleteRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    private static final long CLEANUP_INTERVAL_MILLIS = 15 * 60 * 1000L;

    /** Deletes counters whose window has passed. */
    static final class ExpiredCounterCleanup implements ScheduledTask {
        @Override
        public void run(KeycloakSession session) {
            int deleted = CounterStore.deleteExpired(session);
            if (deleted > 0) {
                org.jboss.logging.Logger.getLogger(ExpiredCounterCleanup.class).debugf("deleted %d expired Twofold counters", deleted);
            }
        }

        @Override
        public String getTaskName() {
            return "twofold-expired-counters";
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

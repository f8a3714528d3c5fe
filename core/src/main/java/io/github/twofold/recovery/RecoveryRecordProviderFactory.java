package io.github.twofold.recovery;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * {@code twofold-recovery}; also schedules {@link RecoveryTimer}: every {@code check-interval-seconds}
 * (default 300; {@code --spi-credential--twofold-recovery--check-interval-seconds}), on one node.
 */
public class RecoveryRecordProviderFactory implements CredentialProviderFactory<RecoveryRecordProvider> {

    public static final String PROVIDER_ID = RecoveryRecord.TYPE;
    static final long DEFAULT_INTERVAL_SECONDS = 300;

    private long intervalMillis = DEFAULT_INTERVAL_SECONDS * 1000;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new RecoveryRecordProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        long seconds = config.getLong("check-interval-seconds", DEFAULT_INTERVAL_SECONDS);
        intervalMillis = Math.max(1, Math.min(seconds, 86_400)) * 1000;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("check-interval-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How often one node of the cluster looks for recoveries whose waiting period ended (e-mails the user) or that lapsed, in seconds (1-86400).")
                .defaultValue(DEFAULT_INTERVAL_SECONDS).add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, new RecoveryTimer(), intervalMillis), intervalMillis, RecoveryTimer.NAME));
    }
}

package io.github.twofold.events;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code twofold-metrics}: a global listener (every realm, no configuration) that feeds
 * {@link TwofoldMetrics} into Micrometer's global registry, which Keycloak exposes on
 * {@code /metrics} of the management port when started with {@code --metrics-enabled=true}.
 */
public class TwofoldMetricsListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-metrics";

    private TwofoldMetrics metrics;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                metrics.record(event);
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                metrics.record(event);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        metrics = new TwofoldMetrics(Metrics.globalRegistry);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

package io.github.twofold.events;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code twofold-webhook}: posts every event of the realms that enable it, as the same JSON record
 * as the audit log, to one HTTPS endpoint, signed with HMAC-SHA256 ({@link WebhookSink}). Server
 * options: {@code --spi-events-listener--twofold-webhook--url}, {@code --secret} (better through
 * the environment: {@code KC_SPI_EVENTS_LISTENER__TWOFOLD_WEBHOOK__SECRET}), {@code --queue-size},
 * {@code --timeout-ms}, {@code --max-attempts}. Without a url and a secret the listener does nothing.
 */
public class WebhookListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "twofold-webhook";
    private static final Logger LOG = Logger.getLogger(WebhookListenerFactory.class);

    private WebhookSink sink;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (sink != null) {
                    sink.offer(AuditRecord.of(event, AuditLogListenerFactory.realmName(session, event.getRealmId())));
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (sink != null) {
                    sink.offer(AuditRecord.of(event, AuditLogListenerFactory.realmName(session, event.getRealmId())));
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        String url = config.get("url");
        String secret = config.get("secret");
        if (url == null || url.isBlank()) {
            return;
        }
        if (secret == null || secret.length() < 16) {
            LOG.warn("twofold-webhook: a url is set but no secret of at least 16 characters; the webhook stays off");
            return;
        }
        URI uri = URI.create(url.trim());
        if (!"https".equals(uri.getScheme()) && !"localhost".equals(uri.getHost()) && !"127.0.0.1".equals(uri.getHost())) {
            LOG.warn("twofold-webhook: the url must use https (plain http only to localhost); the webhook stays off");
            return;
        }
        sink = new WebhookSink(new WebhookSink.Settings(uri, secret.getBytes(StandardCharsets.UTF_8),
                config.getInt("queue-size", 10_000), Duration.ofMillis(config.getInt("timeout-ms", 5_000)),
                config.getInt("max-attempts", 5), Duration.ofSeconds(1)));
        FunctionCounter.builder("twofold.webhook.dropped", sink, WebhookSink::dropped).register(Metrics.globalRegistry);
        FunctionCounter.builder("twofold.webhook.delivered", sink, WebhookSink::delivered).register(Metrics.globalRegistry);
        LOG.infof("twofold-webhook: posting events of the realms that enable it to %s://%s", uri.getScheme(), uri.getHost());
    }

    /** Whether the options turned the webhook on. */
    boolean posting() {
        return sink != null;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("url").type("string").helpText("Endpoint for the events (https; http only to localhost).").add()
                .property().name("secret").type("string").secret(true).helpText("HMAC-SHA256 key, at least 16 characters.").add()
                .property().name("queue-size").type("int").defaultValue(10_000).helpText("Events waiting at most; more are dropped and counted.").add()
                .property().name("timeout-ms").type("int").defaultValue(5_000).helpText("Timeout of each POST.").add()
                .property().name("max-attempts").type("int").defaultValue(5).helpText("Attempts per event (back-off 1 s, doubling).").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}

package io.github.twofold.policy;

import java.util.function.Consumer;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/** Runs a per-realm fix-up for every realm at server start and for each realm created later (also by import). */
public final class EveryRealm {

    private EveryRealm() {
    }

    public static void onStartAndCreate(KeycloakSessionFactory factory, Consumer<RealmModel> fixUp) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> s.realms().getRealmsStream().forEach(fixUp));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                fixUp.accept(created.getCreatedRealm());
            }
        });
    }
}

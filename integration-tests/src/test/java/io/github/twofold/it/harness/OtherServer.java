package io.github.twofold.it.harness;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server of the run besides the main one. A test class names those it uses in
 * {@link TwofoldTest#otherServers()}; the run starts them in the background while the classes on
 * the main server run ({@link BackgroundStarts}), and runs the classes that use them after those
 * ({@link RunOrder}). A server that cannot run here (its database is not reachable) is not started;
 * its tests skip with the reason, as before.
 */
public enum OtherServer {

    /** {@link TestEnvironment#secondServer()}: the admin console's feature, the demo inbox, IPv6, no gateway for Switzerland. */
    SECOND(() -> null, TestEnvironment::secondServer),
    /** {@link Cluster}: two nodes on PostgreSQL. */
    CLUSTER(Cluster::unavailableReason, Cluster::get),
    /** {@link ProductionServer#get}: the suite's Keycloak in production mode, on PostgreSQL. */
    PRODUCTION(Cluster::unavailableReason, ProductionServer::get),
    /** {@link ProductionServer#oldest}: the oldest supported Keycloak in production mode. */
    OLDEST(Cluster::unavailableReason, ProductionServer::oldest),
    /** {@link MariaDbNode}: one node on MariaDB. */
    MARIADB(MariaDbNode::unavailableReason, MariaDbNode::get),
    /** {@link UpgradedServer}: today's Twofold on the database an earlier Twofold wrote. */
    UPGRADED(Cluster::unavailableReason, UpgradedServer::get);

    private final Supplier<String> unavailableReason;
    private final Consumer<TestEnvironment> starter;

    OtherServer(Supplier<String> unavailableReason, Consumer<TestEnvironment> starter) {
        this.unavailableReason = unavailableReason;
        this.starter = starter;
    }

    /** Starts the server unless it runs already or cannot run here (each kind's own lock makes a second caller wait for the first). */
    void start(TestEnvironment env) {
        if (unavailableReason.get() == null) {
            starter.accept(env);
        }
    }
}

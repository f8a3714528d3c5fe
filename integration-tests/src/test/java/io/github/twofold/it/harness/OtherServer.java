package io.github.twofold.it.harness;

/**
 * A server of the run besides the main one. A test class names those it uses in
 * {@link TwofoldTest#otherServers()}; the run starts them in the background while the classes on
 * the main server run ({@link BackgroundStarts}), and runs the classes that use them after those
 * ({@link RunOrder}). A server that cannot run here (its database is not reachable) is not started;
 * its tests skip with the reason, as before.
 */
public enum OtherServer {

    /** {@link TestEnvironment#secondServer()}: the admin console's feature, the demo inbox, IPv6. */
    SECOND {
        @Override
        void start(TestEnvironment env) {
            env.secondServer();
        }
    },
    /** {@link Cluster}: two nodes on PostgreSQL. */
    CLUSTER {
        @Override
        void start(TestEnvironment env) {
            if (Cluster.unavailableReason() == null) {
                Cluster.get(env);
            }
        }
    },
    /** {@link ProductionServer#get}: the suite's Keycloak in production mode, on PostgreSQL. */
    PRODUCTION {
        @Override
        void start(TestEnvironment env) {
            if (Cluster.unavailableReason() == null) {
                ProductionServer.get(env);
            }
        }
    },
    /** {@link ProductionServer#oldest}: the oldest supported Keycloak in production mode. */
    OLDEST {
        @Override
        void start(TestEnvironment env) {
            if (Cluster.unavailableReason() == null) {
                ProductionServer.oldest(env);
            }
        }
    },
    /** {@link MariaDbNode}: one node on MariaDB. */
    MARIADB {
        @Override
        void start(TestEnvironment env) {
            if (MariaDbNode.unavailableReason() == null) {
                MariaDbNode.get(env);
            }
        }
    };

    /** Starts the server unless it runs already (each kind's own lock makes a second caller wait for the first). */
    abstract void start(TestEnvironment env);
}

package dev.decisioning.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * Starts a clustered Vert.x on Hazelcast, configured here in code from {@link ClusterSettings}: no hazelcast.xml to
 * ship, and nothing on the network but the listed members.
 */
public final class Clustering {
    /** Every server of a deployment uses this name; Hazelcast members with another name are never joined. */
    public static final String CLUSTER_NAME = "decisioning";
    private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);
    private static final String HAZELCAST_LOGGING_TYPE = "hazelcast.logging.type";

    private Clustering() {
    }

    /** A clustered Vert.x that has joined the members listed (or formed a cluster of its own when none answers). */
    public static Future<Vertx> startVertx(ClusterSettings cluster) {
        return startVertx(cluster, options -> Vertx.builder().with(options));
    }

    /**
     * {@link #startVertx(ClusterSettings)} with a Vert.x that {@code builder} makes from the cluster's options (one
     * that reports metrics, say).
     */
    public static Future<Vertx> startVertx(ClusterSettings cluster, Function<VertxOptions, VertxBuilder> builder) {
        hazelcastLogsThroughSlf4j();
        if (cluster.members().isEmpty()) {
            LOG.warn("no cluster members listed: this server forms a cluster of its own until others list it");
        }
        Config config;
        try {
            config = hazelcastConfig(cluster);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(config);
        // The event bus carries the messages themselves, point to point between servers: it binds the same host.
        EventBusOptions bus = new EventBusOptions().setHost(cluster.host()).setPort(cluster.busPort())
                .setClusterPublicHost(cluster.host());
        return builder.apply(new VertxOptions().setEventBusOptions(bus)).withClusterManager(manager).buildClustered();
    }

    /** The Hazelcast member: TCP-IP join on the listed members only, bound to the cluster host, quiet, quick. */
    public static Config hazelcastConfig(ClusterSettings cluster) {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        // What Vert.x's own default-cluster.xml declares for the structures it keeps in Hazelcast.
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port());
        // An exact port: member lists name it, and a member that cannot have it should fail, not wander off.
        network.setPortAutoIncrement(false);
        InetAddress address = resolve(cluster.host());
        if (!address.isAnyLocalAddress()) {
            network.getInterfaces().setEnabled(true).addInterface(address.getHostAddress());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        // Multicast and auto-detection would find (and be found by) anything on the network; the list is the truth.
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(cluster.members());

        config.getJetConfig().setEnabled(false);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // Defaults of 5 and 20 s suit big clusters that form at once; servers here start one after another.
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        // Two servers that started apart (a network split, a simultaneous start) merge within seconds, not minutes.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        // Leaving hands Vert.x's few entries to the others; it should never hold a shutdown for long.
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        return config;
    }

    /**
     * Hazelcast logs through the server's log, where {@code logback.xml} keeps it to warnings (it logs every connection
     * and partition move at INFO). A system property, because Hazelcast logs its first lines before it reads its
     * configuration. Set only where unset.
     */
    private static void hazelcastLogsThroughSlf4j() {
        if (System.getProperty(HAZELCAST_LOGGING_TYPE) == null) {
            System.setProperty(HAZELCAST_LOGGING_TYPE, "slf4j");
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster host '" + host + "' does not resolve", e);
        }
    }
}

package dev.decisioning.server.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * How a server joins the others (the {@code --cluster} mode): Hazelcast finds its peers over TCP-IP at the listed
 * addresses, never by multicast, which clouds and containers rarely carry and which would join strangers on a shared
 * network.
 *
 * @param host    the address this server's Hazelcast member and event bus bind to and tell the others
 * @param port    the Hazelcast member port; exact, never incremented, so that member lists can name it
 * @param members {@code host:port} of the servers to join; this server's own address may be among them, so one
 *                list serves every server
 * @param busPort the event bus port, 0 for any free one
 */
public record ClusterSettings(String host, int port, List<String> members, int busPort) {
    public static final String CLUSTER_ENV = "DECISIONING_CLUSTER";
    public static final String HOST_ENV = "DECISIONING_CLUSTER_HOST";
    public static final String PORT_ENV = "DECISIONING_CLUSTER_PORT";
    public static final String MEMBERS_ENV = "DECISIONING_CLUSTER_MEMBERS";
    public static final String BUS_PORT_ENV = "DECISIONING_CLUSTER_BUS_PORT";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;

    public ClusterSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the cluster host must not be empty");
        }
        checkPort("cluster port", port);
        checkPort("cluster bus port", busPort);
        members = members.stream().map(member -> member(member.trim(), port)).toList();
    }

    /** A member on {@code host:port} joining the members listed, with the event bus on any free port. */
    public static ClusterSettings of(String host, int port, List<String> members) {
        return new ClusterSettings(host, port, members, 0);
    }

    /** Parses {@code h:p,h:p}; a member without a port is taken to listen on {@code defaultPort}. */
    public static List<String> parseMembers(String list, int defaultPort) {
        List<String> members = new ArrayList<>();
        if (list == null) {
            return members;
        }
        for (String part : list.split(",")) {
            String member = part.trim();
            if (!member.isEmpty()) {
                members.add(member(member, defaultPort));
            }
        }
        return members;
    }

    /** Parses a port number given by {@code what}. */
    public static int parsePort(String value, String what) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + value + "'");
        }
        checkPort(what, port);
        return port;
    }

    private static String member(String member, int defaultPort) {
        int colon = member.lastIndexOf(':');
        if (colon < 0) {
            return member + ":" + defaultPort;
        }
        if (colon == 0) {
            throw new IllegalArgumentException("cluster member '" + member + "' has no host");
        }
        parsePort(member.substring(colon + 1), "the port of cluster member '" + member + "'");
        return member;
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be between 0 and 65535, got " + port);
        }
    }
}

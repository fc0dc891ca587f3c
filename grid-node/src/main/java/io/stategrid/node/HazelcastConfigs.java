package io.stategrid.node;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.cp.CPSubsystemConfig;
import io.stategrid.StategridException;
import io.stategrid.internal.GridDefaults;
import io.stategrid.node.config.NodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Member and client configuration: the tuning file ({@code config/hazelcast.yaml}, or the copy built
 * into the jar when the default path is absent), then the {@code cluster.*} options, which always win.
 */
final class HazelcastConfigs {
    private static final String BUILT_IN_MEMBER = "io/stategrid/node/hazelcast.yaml";
    private static final String BUILT_IN_CLIENT = "io/stategrid/node/hazelcast-client.yaml";

    private HazelcastConfigs() {}

    static Config member(NodeOptions options) {
        NodeOptions.Cluster cluster = options.cluster();
        Config config = loadMember(cluster.hazelcastConfig());
        config.setClusterName(cluster.name());
        config.setInstanceName("stategrid-" + cluster.bindAddress() + "-" + cluster.port());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false);
        // Listen on the chosen interface only: Hazelcast Community has no member authentication or TLS.
        config.setProperty("hazelcast.local.localAddress", cluster.bindAddress());
        config.setProperty("hazelcast.socket.bind.any", "false");
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(cluster.multicast());
        join.getTcpIpConfig().setEnabled(!cluster.multicast()).setMembers(cluster.members());
        CPSubsystemConfig cp = config.getCPSubsystemConfig();
        cp.setCPMemberCount(cluster.cpMemberCount());
        if (cluster.cpMemberCount() > 0) {
            cp.setGroupSize(groupSize(cluster.cpMemberCount()));
        }
        return GridDefaults.applyTo(config);
    }

    static ClientConfig client(NodeOptions options) {
        NodeOptions.Cluster cluster = options.cluster();
        ClientConfig config = loadClient(cluster.clientConfig());
        config.setClusterName(cluster.name());
        config.getNetworkConfig().setAddresses(cluster.members());
        return GridDefaults.applyTo(config);
    }

    /** Raft groups need an odd size of 3 to 7, no larger than the CP member count. */
    static int groupSize(int cpMemberCount) {
        int size = Math.min(cpMemberCount, 7);
        return size % 2 == 0 ? size - 1 : size;
    }

    private static Config loadMember(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                return Config.loadFromFile(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw StategridException.invalid("cluster.hazelcastConfig: cannot load %s: %s", file, e.getMessage());
            }
        }
        requireDefaultPath(file, NodeOptions.defaults().cluster().hazelcastConfig(), "cluster.hazelcastConfig");
        return Config.loadFromClasspath(HazelcastConfigs.class.getClassLoader(), BUILT_IN_MEMBER);
    }

    private static ClientConfig loadClient(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                return new YamlClientConfigBuilder(file.toFile()).build();
            } catch (IOException | RuntimeException e) {
                throw StategridException.invalid("cluster.clientConfig: cannot load %s: %s", file, e.getMessage());
            }
        }
        requireDefaultPath(file, NodeOptions.defaults().cluster().clientConfig(), "cluster.clientConfig");
        try (var in = HazelcastConfigs.class.getClassLoader().getResourceAsStream(BUILT_IN_CLIENT)) {
            return new YamlClientConfigBuilder(in).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireDefaultPath(Path file, Path defaultPath, String key) {
        // The shipped path may be absent (the jar run outside the repository); a path the user chose may not.
        if (!file.equals(defaultPath)) {
            throw StategridException.invalid("%s: file %s does not exist", key, file.toAbsolutePath());
        }
    }
}

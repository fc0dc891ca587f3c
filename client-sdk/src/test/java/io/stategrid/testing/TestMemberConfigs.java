package io.stategrid.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.cp.CPSubsystemConfig;
import io.stategrid.internal.GridDefaults;
import java.util.List;

/**
 * Member configuration for in-JVM test clusters: loopback only, TCP-IP join with one
 * {@code 127.0.0.1:port} entry per member, no multicast, fast joins and fast Raft timeouts.
 */
public final class TestMemberConfigs {
    private TestMemberConfigs() {}

    /**
     * @param cpMemberCount 0 for no CP subsystem (CP data structures then run in unsafe mode), else 3+
     */
    public static Config member(String clusterName, int port, List<Integer> allPorts, int cpMemberCount) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + port);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig()
                .setEnabled(true)
                .setMembers(allPorts.stream().map(p -> "127.0.0.1:" + p).toList());
        // Tests form clusters in well under a second instead of waiting 5 s for more joiners.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.partition.count", "71");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        if (cpMemberCount > 0) {
            CPSubsystemConfig cp = config.getCPSubsystemConfig();
            cp.setCPMemberCount(cpMemberCount);
            cp.setGroupSize(3);
            cp.setSessionHeartbeatIntervalSeconds(1);
            cp.setSessionTimeToLiveSeconds(10);
            cp.setMissingCPMemberAutoRemovalSeconds(10);
            cp.getRaftAlgorithmConfig()
                    .setLeaderElectionTimeoutInMillis(1000)
                    .setLeaderHeartbeatPeriodInMillis(200)
                    .setMaxMissedLeaderHeartbeatCount(5);
        }
        return GridDefaults.applyTo(config);
    }
}

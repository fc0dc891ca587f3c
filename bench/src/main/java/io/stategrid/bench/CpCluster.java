package io.stategrid.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.cp.CPSubsystemConfig;
import com.hazelcast.config.cp.RaftAlgorithmConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.testing.TestMemberConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Members that all run in this JVM, every one of them a CP member (one CP group of 3), and a remote
 * SDK client that reaches them over loopback: the smallest cluster where a lock is a Raft commit.
 */
final class CpCluster implements AutoCloseable {
    private final List<HazelcastInstance> members;
    private final GridAccess client;

    private CpCluster(List<HazelcastInstance> members, GridAccess client) {
        this.members = members;
        this.client = client;
    }

    static CpCluster start(int size, int firstPort) throws InterruptedException {
        String name = "bench-coordination-" + UUID.randomUUID();
        List<Integer> ports =
                IntStream.range(firstPort, firstPort + size).boxed().toList();
        List<Thread> starting = new ArrayList<>();
        HazelcastInstance[] members = new HazelcastInstance[size];
        // Started together: with 3 CP members none finishes CP discovery until all have joined.
        for (int i = 0; i < size; i++) {
            int index = i;
            Thread thread = new Thread(() -> members[index] = Hazelcast.newHazelcastInstance(
                    productionTimings(TestMemberConfigs.member(name, ports.get(index), ports, size))));
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        for (HazelcastInstance member : members) {
            if (!member.getCPSubsystem()
                    .getCPSubsystemManagementService()
                    .awaitUntilDiscoveryCompleted(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("CP discovery did not complete within 2 minutes");
            }
        }
        GridAccess client = ClientFactory.connect(ClientOptions.builder()
                .clusterName(name)
                .addresses(ports.stream().map(p -> "127.0.0.1:" + p).toList())
                .connectTimeout(Duration.ofSeconds(60))
                .build());
        return new CpCluster(List.of(members), client);
    }

    /**
     * The test configuration's loopback join, with what a node runs in production put back: the test's
     * fast Raft timeouts (a missed heartbeat for 1 s starts an election) elect new leaders mid-run when
     * the CPUs are busy, and a node has 271 partitions.
     */
    private static Config productionTimings(Config config) {
        CPSubsystemConfig defaults = new CPSubsystemConfig();
        config.getCPSubsystemConfig()
                .setRaftAlgorithmConfig(new RaftAlgorithmConfig())
                .setMissingCPMemberAutoRemovalSeconds(defaults.getMissingCPMemberAutoRemovalSeconds())
                .setSessionHeartbeatIntervalSeconds(defaults.getSessionHeartbeatIntervalSeconds())
                .setSessionTimeToLiveSeconds(defaults.getSessionTimeToLiveSeconds());
        config.setProperty("hazelcast.partition.count", "271");
        return config;
    }

    /** The SDK over a Hazelcast client (smart routing: each call goes to the owner or the Raft leader). */
    GridAccess client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        members.forEach(member -> member.getLifecycleService().terminate());
    }
}

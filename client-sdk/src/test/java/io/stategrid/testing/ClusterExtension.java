package io.stategrid.testing;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridDefaults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts N real Hazelcast members in this JVM on loopback (random cluster name, TCP-IP join, CP
 * subsystem with 3 CP members when N ≥ 3) and terminates them afterwards. Registered on a static
 * field it spans the class; on an instance field, each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterExtension cluster = ClusterExtension.builder().members(3).build();
 * }</pre>
 */
public final class ClusterExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static {
        // A terminated member's own threads may throw on their way down (a write-behind worker rescheduling
        // on a closed executor); Awaitility would otherwise fail whatever await is running at that moment.
        org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    private final int memberCount;
    private final int cpMemberCount;
    private final Consumer<Config> customizer;
    private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
    private final List<HazelcastInstance> clients = new CopyOnWriteArrayList<>();
    private String clusterName;
    private List<Integer> ports = List.of();
    private boolean perTest;

    private ClusterExtension(Builder builder) {
        this.memberCount = builder.members;
        this.cpMemberCount = builder.cp && builder.members >= 3 ? 3 : 0;
        this.customizer = builder.customizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (members.isEmpty() && clusterName == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    /** Starts the members in parallel and returns once all of them have joined. */
    public void start() {
        clusterName = "sg-test-" + UUID.randomUUID().toString().substring(0, 8);
        ports = FreePorts.take(memberCount);
        // One thread per member: each start blocks until it has joined the others.
        List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
        for (int port : ports) {
            Config config = TestMemberConfigs.member(clusterName, port, ports, cpMemberCount);
            customizer.accept(config);
            CompletableFuture<HazelcastInstance> future = new CompletableFuture<>();
            Thread thread = new Thread(
                    () -> {
                        try {
                            future.complete(Hazelcast.newHazelcastInstance(config));
                        } catch (Throwable t) {
                            future.completeExceptionally(t);
                        }
                    },
                    "start-" + clusterName + "-" + port);
            thread.start();
            starting.add(future);
        }
        for (CompletableFuture<HazelcastInstance> future : starting) {
            members.add(future.join());
        }
    }

    /** Starts one more member that joins the running cluster (a replacement in a rolling restart). */
    public HazelcastInstance addMember() {
        int port = FreePorts.one();
        List<Integer> all = new ArrayList<>(ports);
        all.add(port);
        ports = List.copyOf(all);
        Config config = TestMemberConfigs.member(clusterName, port, all, cpMemberCount);
        customizer.accept(config);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    /** Terminates every client and member (graceful shutdown of the last CP members waits ~150 s). */
    public void stop() {
        clients.forEach(HazelcastInstance::shutdown);
        clients.clear();
        members.forEach(m -> m.getLifecycleService().terminate());
        members.clear();
    }

    public HazelcastInstance member(int index) {
        return members.get(index);
    }

    public List<HazelcastInstance> members() {
        return Collections.unmodifiableList(members);
    }

    /** The running member that owns {@code key}'s partition. */
    public HazelcastInstance ownerOf(Object key) {
        return members.stream()
                .filter(m ->
                        m.getPartitionService().getPartition(key).getOwner().localMember())
                .findFirst()
                .orElseThrow();
    }

    /** Kills one member abruptly (no migration, no flush), as a crash would. */
    public void terminate(int index) {
        members.remove(index).getLifecycleService().terminate();
    }

    public String clusterName() {
        return clusterName;
    }

    public int cpMemberCount() {
        return cpMemberCount;
    }

    public List<String> addresses() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /** A client configuration for this cluster; used for {@link #newClient()} and by SDK tests. */
    public ClientConfig clientConfig() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.getNetworkConfig().setAddresses(addresses());
        return GridDefaults.applyTo(config);
    }

    /** A Hazelcast client connected to this cluster, shut down with it. */
    public HazelcastInstance newClient() {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig());
        clients.add(client);
        return client;
    }

    public static final class Builder {
        private int members = 1;
        private boolean cp = true;
        private Consumer<Config> customizer = c -> {};

        public Builder members(int members) {
            if (members < 1) {
                throw new IllegalArgumentException("members must be >= 1, got " + members);
            }
            this.members = members;
            return this;
        }

        /** CP subsystem with 3 CP members (the default when there are 3+ members) or off (unsafe mode). */
        public Builder cp(boolean cp) {
            this.cp = cp;
            return this;
        }

        /** Adjusts each member's configuration before it starts. */
        public Builder configure(Consumer<Config> customizer) {
            this.customizer = customizer;
            return this;
        }

        public ClusterExtension build() {
            return new ClusterExtension(this);
        }
    }
}

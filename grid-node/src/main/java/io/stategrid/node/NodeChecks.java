package io.stategrid.node;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.stategrid.edge.http.ReadinessProbe.Check;
import io.stategrid.persistence.postgres.PostgresPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The readiness checks of a node: cluster joined, CP subsystem usable, PostgreSQL answering. */
final class NodeChecks {
    private NodeChecks() {}

    static Supplier<Check> member(HazelcastInstance member) {
        return () -> {
            if (!member.getLifecycleService().isRunning()) {
                return new Check("cluster", false, "member is not running");
            }
            ClusterState state = member.getCluster().getClusterState();
            int size = member.getCluster().getMembers().size();
            return new Check(
                    "cluster",
                    state == ClusterState.ACTIVE,
                    "joined cluster '" + member.getConfig().getClusterName() + "' with " + size + " member(s), state "
                            + state);
        };
    }

    /** For the edge role: connected as a client. */
    static Supplier<Check> client(HazelcastInstance client) {
        AtomicBoolean connected = new AtomicBoolean(true);
        client.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                connected.set(true);
            } else if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
                connected.set(false);
            }
        });
        return () -> {
            boolean ok = connected.get() && client.getLifecycleService().isRunning();
            return new Check(
                    "cluster",
                    ok,
                    ok
                            ? "connected as a client to cluster with "
                                    + client.getCluster().getMembers().size() + " member(s)"
                            : "not connected to the cluster");
        };
    }

    static Supplier<Check> cp(HazelcastInstance member, int cpMemberCount) {
        if (cpMemberCount == 0) {
            return () -> new Check(
                    "cp",
                    true,
                    "UNSAFE MODE: CP subsystem disabled (cluster.cpMemberCount=0); locks and"
                            + " counters are not linearizable and can be lost on a member crash or split brain");
        }
        return () -> {
            boolean discovered =
                    member.getCPSubsystem().getCPSubsystemManagementService().isDiscoveryCompleted();
            return new Check(
                    "cp",
                    discovered,
                    discovered
                            ? "CP subsystem with " + cpMemberCount + " CP members"
                            : "CP subsystem waiting for " + cpMemberCount + " CP members to join");
        };
    }

    static Supplier<Check> postgres(PostgresPool pool) {
        return () -> {
            boolean ok = pool.ping();
            return new Check("postgres", ok, (ok ? "answering: " : "not answering: ") + pool.options());
        };
    }
}

package io.stategrid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.lock.FencedLock;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterFormationTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    @Test
    void threeMembersFormOneClusterWithThreeCpMembers() throws Exception {
        for (var member : cluster.members()) {
            assertThat(member.getCluster().getMembers()).hasSize(3);
            assertThat(member.getConfig().getClusterName()).isEqualTo(cluster.clusterName());
        }
        Collection<CPMember> cpMembers = cluster.member(0)
                .getCPSubsystem()
                .getCPSubsystemManagementService()
                .getCPMembers()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(cpMembers).hasSize(3);
    }

    @Test
    void fencedLockHandsOutIncreasingTokens() {
        FencedLock lock = cluster.member(1).getCPSubsystem().getLock("formation-test");
        long first = lock.lockAndGetFence();
        lock.unlock();
        long second =
                cluster.member(2).getCPSubsystem().getLock("formation-test").lockAndGetFence();
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void membersListenOnLoopbackOnly() {
        for (var member : cluster.members()) {
            assertThat(member.getCluster().getLocalMember().getAddress().getHost())
                    .isEqualTo("127.0.0.1");
        }
    }
}

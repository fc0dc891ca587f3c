package io.stategrid.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;

/**
 * What a member's partition table says of a key's backup copy, read on the partition thread of the
 * operation that is about to write it (the same table Hazelcast consults to send that write's backup).
 * Not public API: it reads Hazelcast internals, which have no public equivalent.
 */
public final class Replicas {
    private Replicas() {
    }

    /** Whether a write to {@code key} on {@code member} now gets a first backup on another member. */
    public static boolean backedUp(HazelcastInstance member, Object key) {
        HazelcastInstanceImpl impl = member instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : member instanceof HazelcastInstanceImpl i ? i : null;
        if (impl == null) {
            return false;
        }
        int partition = member.getPartitionService().getPartition(key).getPartitionId();
        return impl.node.getPartitionService().getPartition(partition).getReplica(1) != null;
    }
}

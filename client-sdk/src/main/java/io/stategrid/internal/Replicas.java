package io.stategrid.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.impl.MapService;

/**
 * Whether a write that an entry processor is making right now gets a backup copy on another member,
 * by the same two facts Hazelcast consults to send that backup: the map's backup count and the
 * partition's first backup replica. Read on the operation's partition thread. Not public API: it reads
 * Hazelcast internals, which have no public equivalent.
 */
public final class Replicas {
    private Replicas() {}

    /** Whether a write to {@code key} of map {@code map} on {@code member} now gets a backup on another member. */
    public static boolean backedUp(HazelcastInstance member, String map, Object key) {
        HazelcastInstanceImpl impl = member instanceof HazelcastInstanceProxy proxy
                ? proxy.getOriginal()
                : member instanceof HazelcastInstanceImpl i ? i : null;
        if (impl == null) {
            return false;
        }
        MapService maps = impl.node.getNodeEngine().getService(MapService.SERVICE_NAME);
        if (maps.getMapServiceContext().getMapContainer(map).getTotalBackupCount() == 0) {
            return false;
        }
        int partition = member.getPartitionService().getPartition(key).getPartitionId();
        return impl.node.getPartitionService().getPartition(partition).getReplica(1) != null;
    }
}

package io.stategrid.persistence.backpressure;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.MapInterceptor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Refuses puts, sets and removes on a persistent map while the owning member's
 * {@link BackpressureMonitor} is engaged. Runs on the partition thread of the key's owner; registered
 * cluster-wide, it finds its own member's monitor when Hazelcast hands it the instance; it carries no
 * state of its own across the wire.
 */
final class BackpressureInterceptor implements MapInterceptor, HazelcastInstanceAware, IdentifiedDataSerializable {

    private transient volatile BackpressureMonitor monitor;
    private transient volatile String memberName;

    BackpressureInterceptor(BackpressureMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public int getFactoryId() {
        return BackpressureModule.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return BackpressureModule.INTERCEPTOR;
    }

    /** Nothing to write: each member finds its own monitor. */
    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        memberName = member.getName();
    }

    private void check() {
        BackpressureMonitor current = monitor;
        if (current == null && memberName != null) {
            // Resolved on use: a member may receive another member's registration before its own monitor exists.
            current = BackpressureMonitor.forMember(memberName);
            monitor = current;
        }
        if (current != null) {
            current.check();
        }
    }

    @Override
    public Object interceptGet(Object value) {
        return null;
    }

    @Override
    public void afterGet(Object value) {}

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        check();
        return null;
    }

    @Override
    public void afterPut(Object value) {}

    @Override
    public Object interceptRemove(Object removedValue) {
        check();
        return null;
    }

    @Override
    public void afterRemove(Object value) {}

    // One registration per map whichever member adds it: Hazelcast keys interceptors by class and hash.
    @Override
    public boolean equals(Object other) {
        return other instanceof BackpressureInterceptor;
    }

    @Override
    public int hashCode() {
        return BackpressureInterceptor.class.getName().hashCode();
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Moves a tenant's cache to its next namespace generation (in {@value CacheMemberConfig#GENERATIONS}) and
 * answers the new one. Deterministic, so the backup re-runs it; if the owner dies mid-call and the
 * call is re-sent, the generation may grow by two, which is harmless.
 */
final class BumpGeneration implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable {
    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
        entry.setValue(next);
        return next;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.BUMP;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}

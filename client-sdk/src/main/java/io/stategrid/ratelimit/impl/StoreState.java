package io.stategrid.ratelimit.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The backup of a take: stores the state and time to live the owner wrote, without re-deciding. */
final class StoreState implements EntryProcessor<String, LimiterState, TakeOutcome>, IdentifiedDataSerializable {
    private LimiterState state;
    private long ttlMillis;

    StoreState() {}

    StoreState(LimiterState state, long ttlMillis) {
        this.state = state;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public TakeOutcome process(Map.Entry<String, LimiterState> entry) {
        ((ExtendedMapEntry<String, LimiterState>) entry).setValue(state, ttlMillis, TimeUnit.MILLISECONDS);
        return null;
    }

    @Override
    public EntryProcessor<String, LimiterState, TakeOutcome> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return RateLimitSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RateLimitSerializers.STORE_STATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(state);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        state = in.readObject();
        ttlMillis = in.readLong();
    }
}

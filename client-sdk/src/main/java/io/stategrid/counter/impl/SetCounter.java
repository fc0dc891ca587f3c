package io.stategrid.counter.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/** Backup processor: puts the owner's resulting value on the backup replica (null removes). Idempotent. */
final class SetCounter<R> implements EntryProcessor<String, Long, R>, IdentifiedDataSerializable {
    private Long value;

    SetCounter() {}

    SetCounter(Long value) {
        this.value = value;
    }

    @Override
    public R process(Map.Entry<String, Long> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<String, Long, R> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.SET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readBoolean() ? in.readLong() : null;
    }
}

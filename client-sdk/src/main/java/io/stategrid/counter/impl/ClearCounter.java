package io.stategrid.counter.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Resets a counter to 0 or removes it, on its owner's partition thread; answers the value it had (null:
 * there was none). Waits while a transfer's transaction holds the key. Idempotent, so Hazelcast's
 * re-send after an owner failure is harmless. The backup receives the resulting state.
 */
final class ClearCounter implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable {
    private boolean remove;
    private transient volatile boolean changed;

    ClearCounter() {}

    private ClearCounter(boolean remove) {
        this.remove = remove;
    }

    static ClearCounter reset() {
        return new ClearCounter(false);
    }

    static ClearCounter delete() {
        return new ClearCounter(true);
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        changed = false;
        Long previous = entry.getValue();
        if (previous != null) {
            entry.setValue(remove ? null : 0L);
            changed = true;
        }
        return previous;
    }

    @Override
    public EntryProcessor<String, Long, Long> getBackupProcessor() {
        return changed ? new SetCounter<>(remove ? null : 0L) : null;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.CLEAR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(remove);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        remove = in.readBoolean();
    }
}

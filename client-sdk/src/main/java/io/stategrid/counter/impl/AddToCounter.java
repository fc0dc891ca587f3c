package io.stategrid.counter.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Adds a delta to one counter on the partition thread of its owner: read, {@code Math.addExact}, write
 * in one step, so concurrent adds never lose each other. An add that would overflow changes nothing and
 * answers {@link AddOutcome#overflow}. Waits, like every entry processor that writes, while a transfer's
 * transaction holds the key. Not retried by Stategrid; Hazelcast re-sends it to the new owner when the
 * owner leaves mid-call, so an add in flight across a member failure may apply twice or fail
 * (see docs/counters.md). The backup receives the resulting value, not the delta, so replaying a backup
 * can never count twice, and a refused add sends no backup at all.
 */
final class AddToCounter implements EntryProcessor<String, Long, AddOutcome>, IdentifiedDataSerializable {
    private long delta;
    private transient volatile Long written;

    AddToCounter() {}

    AddToCounter(long delta) {
        this.delta = delta;
    }

    @Override
    public AddOutcome process(Map.Entry<String, Long> entry) {
        written = null;
        long current = entry.getValue() == null ? 0 : entry.getValue();
        long next;
        try {
            next = Math.addExact(current, delta);
        } catch (ArithmeticException overflow) {
            return AddOutcome.overflow(current);
        }
        written = next;
        entry.setValue(next);
        return AddOutcome.applied(next);
    }

    @Override
    public EntryProcessor<String, Long, AddOutcome> getBackupProcessor() {
        Long value = written;
        return value == null ? null : new SetCounter<>(value);
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.ADD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
    }
}

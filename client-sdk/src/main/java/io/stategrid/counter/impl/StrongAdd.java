package io.stategrid.counter.impl;

import com.hazelcast.core.IFunction;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * The alter function of a strong add, applied by the Raft state machine of the counter's CP group (or
 * the partition in unsafe mode): adds the delta, or leaves the value unchanged when the sum would
 * overflow. The caller, which gets the previous value back, sees which happened. Deterministic, as Raft
 * needs: every replica makes the same choice. IAtomicLong's own {@code addAndGet} would wrap instead.
 */
final class StrongAdd implements IFunction<Long, Long>, IdentifiedDataSerializable {
    private long delta;

    StrongAdd() {}

    StrongAdd(long delta) {
        this.delta = delta;
    }

    static boolean overflows(long current, long delta) {
        long sum = current + delta;
        // Overflow iff both operands have the sign the sum lacks (Math.addExact's test).
        return ((current ^ sum) & (delta ^ sum)) < 0;
    }

    @Override
    public Long apply(Long current) {
        return overflows(current, delta) ? current : current + delta;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.STRONG_ADD;
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

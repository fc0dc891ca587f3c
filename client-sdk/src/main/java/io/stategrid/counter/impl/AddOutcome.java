package io.stategrid.counter.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * What {@link AddToCounter} answers: the new value, or (refused) the unchanged value the delta would have
 * overflowed. A result rather than an exception, because a Hazelcast client receives a member's
 * exceptions as text only.
 */
final class AddOutcome implements IdentifiedDataSerializable {
    private boolean refused;
    private long value;

    AddOutcome() {}

    private AddOutcome(boolean refused, long value) {
        this.refused = refused;
        this.value = value;
    }

    static AddOutcome applied(long value) {
        return new AddOutcome(false, value);
    }

    static AddOutcome overflow(long current) {
        return new AddOutcome(true, current);
    }

    boolean refused() {
        return refused;
    }

    long value() {
        return value;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.ADD_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(refused);
        out.writeLong(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        refused = in.readBoolean();
        value = in.readLong();
    }
}

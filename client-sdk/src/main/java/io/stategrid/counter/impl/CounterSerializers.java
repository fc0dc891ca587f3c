package io.stategrid.counter.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * IdentifiedDataSerializable for the counter processors, results and transfer records: an add is a few
 * bytes on the wire instead of a Java class descriptor. Registered on every member and client by
 * {@link CounterModule}. Not public API.
 */
final class CounterSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7320;
    static final int ADD = 1;
    static final int ADD_OUTCOME = 2;
    static final int CLEAR = 3;
    static final int SET = 4;
    static final int TRANSFER_RECORD = 5;
    static final int STRONG_ADD = 6;
    static final int TRANSFER_TASK = 7;
    static final int TRANSFER_OUTCOME = 8;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case ADD -> new AddToCounter();
            case ADD_OUTCOME -> new AddOutcome();
            case CLEAR -> new ClearCounter();
            case SET -> new SetCounter<>();
            case TRANSFER_RECORD -> new TransferRecord();
            case STRONG_ADD -> new StrongAdd();
            case TRANSFER_TASK -> new TransferTask();
            case TRANSFER_OUTCOME -> new TransferOutcome();
            default -> null;
        };
    }
}

package io.stategrid.persistence.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The persistence domain's {@code DataSerializableFactory}. Class ids are never reused. */
final class PersistenceSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7340;
    static final int TASK = 1;
    static final int REPLY = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case TASK -> new DeadLetterTask();
            case REPLY -> new DeadLetterTask.Reply();
            default -> null;
        };
    }
}

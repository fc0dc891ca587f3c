package io.stategrid.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * A backup processor that puts the owner's resulting value on the backup replica as is (null removes),
 * so the backup never re-runs logic that reads the clock or assigns ids. The value must itself be
 * {@code IdentifiedDataSerializable} (or a type Hazelcast writes natively). Not public API.
 */
public final class ReplicateValue<K, V> implements EntryProcessor<K, V, Object>, IdentifiedDataSerializable {
    private V value;

    /** For deserialization only ({@link InternalSerializers}). */
    ReplicateValue() {}

    public ReplicateValue(V value) {
        this.value = value;
    }

    public V value() {
        return value;
    }

    @Override
    public Object process(Map.Entry<K, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<K, V, Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return InternalSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return InternalSerializers.REPLICATE_VALUE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readObject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplicateValue<?, ?> o && Objects.equals(value, o.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }
}

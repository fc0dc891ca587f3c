package io.stategrid.internal;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * A backup processor that puts the owner's resulting value on the backup replica as is (null removes),
 * so the backup never re-runs logic that reads the clock or assigns ids. Not public API.
 */
public record ReplicateValue<K, V>(V value) implements EntryProcessor<K, V, Object> {
    @Override
    public Object process(Map.Entry<K, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<K, V, Object> getBackupProcessor() {
        return null;
    }
}

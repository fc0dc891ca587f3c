package io.stategrid.cache.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The backup side of every cache processor: stores (or removes) exactly what the owner did, per key. */
final class StoreEntries implements EntryProcessor<String, CacheEntry, CacheReply>, IdentifiedDataSerializable {
    record Stored(CacheEntry record, long keepMillis) {}

    private Map<String, Stored> byKey;

    StoreEntries() {}

    StoreEntries(Map<String, Stored> byKey) {
        this.byKey = byKey;
    }

    @Override
    public CacheReply process(Map.Entry<String, CacheEntry> entry) {
        Stored s = byKey.get(entry.getKey());
        if (s != null) {
            if (s.record() == null) {
                entry.setValue(null);
            } else {
                ((ExtendedMapEntry<String, CacheEntry>) entry)
                        .setValue(s.record(), s.keepMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return null;
    }

    @Override
    public EntryProcessor<String, CacheEntry, CacheReply> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.STORE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(byKey.size());
        for (Map.Entry<String, Stored> e : byKey.entrySet()) {
            out.writeString(e.getKey());
            out.writeObject(e.getValue().record());
            out.writeLong(e.getValue().keepMillis());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        byKey = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            byKey.put(in.readString(), new Stored(in.readObject(), in.readLong()));
        }
    }
}

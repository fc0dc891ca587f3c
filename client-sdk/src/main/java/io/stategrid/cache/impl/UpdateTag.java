package io.stategrid.cache.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Adds keys to and removes keys from one tag's entry in the tag index, on its owner's partition
 * thread. Keys are added before their entries are written and removed after they were rewritten
 * without the tag, so the index never misses an entry that carries the tag; a key listed for an entry
 * that no longer carries it is harmless ({@link DeleteEntry} checks the tag). The index entry lives as
 * long as the longest-lived entry added to it (real time, by the caller's estimate) and is dropped when
 * empty. Deterministic, so the backup re-runs it.
 */
final class UpdateTag implements EntryProcessor<String, TagSet, Void>, IdentifiedDataSerializable {
    private String[] add;
    private String[] drop;
    private long keepUntil;

    UpdateTag() {}

    UpdateTag(String[] add, String[] drop, long keepUntil) {
        this.add = add;
        this.drop = drop;
        this.keepUntil = keepUntil;
    }

    @Override
    public Void process(Map.Entry<String, TagSet> entry) {
        TagSet old = entry.getValue();
        // The tag index is kept as objects (GridDefaults): this is the stored set, changed in place on the
        // partition thread, so a write costs what it adds, not a copy of every key the tag lists.
        Set<String> keys = old == null ? new HashSet<>() : old.keys();
        keys.addAll(Arrays.asList(add));
        Arrays.asList(drop).forEach(keys::remove);
        if (keys.isEmpty()) {
            entry.setValue(null);
            return null;
        }
        long until = old == null
                ? keepUntil
                : old.keepUntil() == 0 || keepUntil == 0 ? 0 : Math.max(old.keepUntil(), keepUntil);
        long ttl = until == 0 ? 0 : Math.max(until - System.currentTimeMillis(), 1);
        ((ExtendedMapEntry<String, TagSet>) entry).setValue(new TagSet(keys, until), ttl, TimeUnit.MILLISECONDS);
        return null;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.UPDATE_TAG;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeStringArray(add);
        out.writeStringArray(drop);
        out.writeLong(keepUntil);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        add = in.readStringArray();
        drop = in.readStringArray();
        keepUntil = in.readLong();
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** The grid keys of one tag's entries in the tag index ({@value CacheMemberConfig#TAGS}), and how long to keep it. */
final class TagSet implements IdentifiedDataSerializable {
    private Set<String> keys;
    /** Epoch millis (real time) until which an entry listed here may live; 0 for ever. */
    private long keepUntil;

    TagSet() {}

    TagSet(Set<String> keys, long keepUntil) {
        this.keys = keys;
        this.keepUntil = keepUntil;
    }

    Set<String> keys() {
        return keys;
    }

    long keepUntil() {
        return keepUntil;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.TAG_SET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(keepUntil);
        out.writeInt(keys.size());
        for (String k : keys) {
            out.writeString(k);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keepUntil = in.readLong();
        int n = in.readInt();
        keys = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            keys.add(in.readString());
        }
    }
}

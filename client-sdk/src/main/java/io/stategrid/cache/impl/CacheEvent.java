package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * A change to a cache, published on {@value CacheEventBus#TOPIC} after it was applied: near caches and
 * edge-local caches drop {@link #keys()} (or everything of the tenant's cache for {@link Kind#ALL}),
 * and callers waiting for a load of one of the keys look again. Delivery is best effort: a lost event
 * is covered by the near caches' staleness bound. Not public API.
 */
final class CacheEvent implements IdentifiedDataSerializable {
    public enum Kind {
        WRITE,
        DELETE,
        LOADED,
        LOAD_FAILED,
        ALL
    }

    private Kind kind;
    private String cache;
    private String tenant;
    private long generation;
    private List<String> keys;
    /** Per key, where its change stands in its partition's sequence (near-cache repair); NONE if not counted. */
    private List<PartitionSequences.Stamp> stamps;

    CacheEvent() {}

    public CacheEvent(Kind kind, String cache, String tenant, long generation, List<String> keys) {
        this(kind, cache, tenant, generation, keys, null);
    }

    CacheEvent(
            Kind kind,
            String cache,
            String tenant,
            long generation,
            List<String> keys,
            List<PartitionSequences.Stamp> stamps) {
        this.kind = kind;
        this.cache = cache;
        this.tenant = tenant;
        this.generation = generation;
        this.keys = List.copyOf(keys);
        this.stamps = stamps == null
                ? Collections.nCopies(this.keys.size(), PartitionSequences.Stamp.NONE)
                : List.copyOf(stamps);
        if (this.stamps.size() != this.keys.size()) {
            throw new IllegalArgumentException("stamps " + this.stamps.size() + " for " + this.keys.size() + " keys");
        }
    }

    public Kind kind() {
        return kind;
    }

    public String cache() {
        return cache;
    }

    public String tenant() {
        return tenant;
    }

    /** The namespace generation the keys belong to; for {@link Kind#ALL}, the new generation. */
    public long generation() {
        return generation;
    }

    /** The caller's keys (not the grid's internal keys); empty for {@link Kind#ALL}. */
    public List<String> keys() {
        return keys;
    }

    /** Parallel to {@link #keys()}: each change's partition, owner term and sequence. */
    List<PartitionSequences.Stamp> stamps() {
        return stamps;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.EVENT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeString(cache);
        out.writeString(tenant);
        out.writeLong(generation);
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.writeString(keys.get(i));
            PartitionSequences.Stamp stamp = stamps.get(i);
            out.writeInt(stamp.partition());
            out.writeLong(stamp.term());
            out.writeLong(stamp.sequence());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        cache = in.readString();
        tenant = in.readString();
        generation = in.readLong();
        int n = in.readInt();
        String[] read = new String[n];
        PartitionSequences.Stamp[] readStamps = new PartitionSequences.Stamp[n];
        for (int i = 0; i < n; i++) {
            read[i] = in.readString();
            int partition = in.readInt();
            long term = in.readLong();
            long sequence = in.readLong();
            readStamps[i] =
                    term == 0 ? PartitionSequences.Stamp.NONE : new PartitionSequences.Stamp(partition, term, sequence);
        }
        keys = List.of(read);
        stamps = List.of(readStamps);
    }

    @Override
    public String toString() {
        return "CacheEvent[" + kind + " " + cache + "/" + tenant + " g" + generation + " " + keys + "]";
    }
}

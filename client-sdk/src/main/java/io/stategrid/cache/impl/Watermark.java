package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What one member publishes on {@value WatermarkPublisher#TOPIC} every {@link WatermarkPublisher#PERIOD_MILLIS}:
 * for each partition it owns, the owner term and the sequence of cache entry changes, read after
 * {@link #sentAtMillis()} (the member's wall clock), so every change applied before that instant is counted.
 * Parallel arrays to keep it small (about 20 bytes per partition). Not public API.
 */
final class Watermark implements IdentifiedDataSerializable {
    private String member;
    private long sentAtMillis;
    private int[] partitions;
    private long[] terms;
    private long[] sequences;

    Watermark() {
    }

    Watermark(String member, long sentAtMillis, int[] partitions, long[] terms, long[] sequences) {
        this.member = member;
        this.sentAtMillis = sentAtMillis;
        this.partitions = partitions;
        this.terms = terms;
        this.sequences = sequences;
    }

    String member() {
        return member;
    }

    long sentAtMillis() {
        return sentAtMillis;
    }

    int[] partitions() {
        return partitions;
    }

    long[] terms() {
        return terms;
    }

    long[] sequences() {
        return sequences;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.WATERMARK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(member);
        out.writeLong(sentAtMillis);
        out.writeIntArray(partitions);
        out.writeLongArray(terms);
        out.writeLongArray(sequences);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        member = in.readString();
        sentAtMillis = in.readLong();
        partitions = in.readIntArray();
        terms = in.readLongArray();
        sequences = in.readLongArray();
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * What one member publishes on {@value WatermarkPublisher#TOPIC} every {@link WatermarkPublisher#PERIOD_MILLIS}:
 * for partitions it owns, the owner term and the sequence of cache entry changes, read after
 * {@link #sentAtMillis()} (the member's wall clock), so every change applied before that instant is counted.
 * A full watermark lists every partition the member owns; a delta lists only those whose term or sequence
 * changed since the member's previous watermark ({@code tick - 1}), and says the others stand as they
 * were. Parallel arrays to keep it small (about 20 bytes per listed partition). Not public API.
 */
final class Watermark implements IdentifiedDataSerializable {
    private String member;
    private long tick;
    private boolean full;
    private long sentAtMillis;
    private int[] partitions;
    private long[] terms;
    private long[] sequences;

    Watermark() {}

    Watermark(
            String member,
            long tick,
            boolean full,
            long sentAtMillis,
            int[] partitions,
            long[] terms,
            long[] sequences) {
        this.member = member;
        this.tick = tick;
        this.full = full;
        this.sentAtMillis = sentAtMillis;
        this.partitions = partitions;
        this.terms = terms;
        this.sequences = sequences;
    }

    String member() {
        return member;
    }

    /** This member's count of watermarks, one more each period. */
    long tick() {
        return tick;
    }

    /** True when it lists every partition the member owns; false for a delta. */
    boolean full() {
        return full;
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
        out.writeLong(tick);
        out.writeBoolean(full);
        out.writeLong(sentAtMillis);
        out.writeIntArray(partitions);
        out.writeLongArray(terms);
        out.writeLongArray(sequences);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        member = in.readString();
        tick = in.readLong();
        full = in.readBoolean();
        sentAtMillis = in.readLong();
        partitions = in.readIntArray();
        terms = in.readLongArray();
        sequences = in.readLongArray();
    }
}

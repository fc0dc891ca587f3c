package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.StategridException;
import io.stategrid.internal.Failure;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;

/** What a cache entry processor answers: a kind, the entry it left (or found), and the tags it replaced. */
final class CacheReply implements IdentifiedDataSerializable {
    enum Kind {
        /** Applied; {@code entry} is the result (null after a removal). */
        DONE,
        /** Nothing to do or nothing there; {@code entry} is what is there, if anything. */
        NONE,
        /** Read: the caller's version is still current. */
        SAME,
        /** Load claimed by this caller; {@code entry} holds the old value, if any. */
        CLAIMED,
        /** Another caller's load is running; {@code entry} holds the old value, if any. */
        WAIT,
        /** Refused; see {@code failure}. */
        FAILED
    }

    private Kind kind;
    private CacheEntry entry;
    private String[] oldTags;
    private Failure failure;
    private PartitionSequences.Stamp stamp = PartitionSequences.Stamp.NONE;

    CacheReply() {}

    private CacheReply(Kind kind, CacheEntry entry, String[] oldTags, Failure failure) {
        this.kind = kind;
        this.entry = entry;
        this.oldTags = oldTags == null ? CacheEntry.NO_TAGS : oldTags;
        this.failure = failure;
    }

    static CacheReply of(Kind kind, CacheEntry entry) {
        return new CacheReply(kind, entry, null, null);
    }

    static CacheReply done(CacheEntry entry, String[] oldTags) {
        return new CacheReply(Kind.DONE, entry, oldTags, null);
    }

    static CacheReply failed(StategridException e) {
        return new CacheReply(Kind.FAILED, null, null, Failure.of(e));
    }

    /** This reply carrying where the change it reports stands in its partition's sequence. */
    CacheReply stamped(PartitionSequences.Stamp stamp) {
        this.stamp = stamp;
        return this;
    }

    /** The change's partition, owner term and sequence; {@code Stamp.NONE} when nothing was counted. */
    PartitionSequences.Stamp stamp() {
        return stamp;
    }

    Kind kind() {
        return kind;
    }

    CacheEntry entry() {
        return entry;
    }

    String[] oldTags() {
        return oldTags;
    }

    /** This reply, or the failure it carries thrown as the StategridException it was on the member. */
    CacheReply orThrow() {
        if (kind == Kind.FAILED) {
            throw failure.toException();
        }
        return this;
    }

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeObject(entry);
        out.writeStringArray(oldTags);
        Failure.write(out, failure);
        out.writeInt(stamp.partition());
        out.writeLong(stamp.term());
        out.writeLong(stamp.sequence());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        entry = in.readObject();
        oldTags = in.readStringArray();
        failure = Failure.read(in);
        int partition = in.readInt();
        long term = in.readLong();
        long sequence = in.readLong();
        stamp = term == 0 ? PartitionSequences.Stamp.NONE : new PartitionSequences.Stamp(partition, term, sequence);
    }
}

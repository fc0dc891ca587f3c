package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.StategridException;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Base of the cache entry processors. Each runs on the partition thread of the key's owner, reads the
 * entry and the owner's clock ({@code MemberClock}) and writes the result as one atomic step; it must
 * not call the grid. A refusal is returned as a FAILED reply, not thrown. The backup replicas do not
 * re-run the logic (their clocks differ): they store exactly what the owner stored, through
 * {@link StoreEntries}. When the owner dies mid-call Hazelcast re-sends the processor to the new owner,
 * which then sees the backup's state: writes and loads may apply twice, each time as a new version.
 */
abstract class CacheProcessor
        implements EntryProcessor<String, CacheEntry, CacheReply>, HazelcastInstanceAware, IdentifiedDataSerializable {
    /** Real time an entry stays in the map past the last moment it may be served, for clocks that differ. */
    static final long SLACK_MILLIS = 1000;

    private transient HazelcastInstance member;
    // One processor instance may run for many keys (and, in a member's own calls, on several partition
    // threads at once): the backup gets what was stored for each key.
    private final transient Map<String, StoreEntries.Stored> stored = new ConcurrentHashMap<>();

    @Override
    public final int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    long now() {
        return MemberClock.millis(member);
    }

    @Override
    public final CacheReply process(Map.Entry<String, CacheEntry> entry) {
        try {
            return run(entry, entry.getValue(), now());
        } catch (StategridException e) {
            return CacheReply.failed(e);
        }
    }

    abstract CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry old, long now);

    /**
     * Stores {@code record}, kept by Hazelcast (real time) until {@code extensionMillis} after its logical
     * expiry plus slack: a backstop, since readers already treat it as expired by its stamp.
     */
    void store(Map.Entry<String, CacheEntry> entry, CacheEntry record, long extensionMillis, long now) {
        long keep = keepMillis(record, extensionMillis, now);
        ((ExtendedMapEntry<String, CacheEntry>) entry).setValue(record, keep, TimeUnit.MILLISECONDS);
        stored.put(entry.getKey(), new StoreEntries.Stored(record, keep));
    }

    /**
     * Counts a change a near cache must hear of (a value written, removed or loaded) in the key's
     * partition; the stamp travels in the reply and from there in the {@link CacheEvent}.
     */
    PartitionSequences.Stamp advance(Map.Entry<String, CacheEntry> entry) {
        if (member == null) {
            return PartitionSequences.Stamp.NONE;
        }
        int partition =
                member.getPartitionService().getPartition(entry.getKey()).getPartitionId();
        return PartitionSequences.of(member).advance(partition);
    }

    void remove(Map.Entry<String, CacheEntry> entry) {
        entry.setValue(null);
        stored.put(entry.getKey(), new StoreEntries.Stored(null, 0));
    }

    static long keepMillis(CacheEntry record, long extensionMillis, long now) {
        long until = record.expiresAt() == 0 ? 0 : record.expiresAt() + extensionMillis;
        if (record.claim() != null) {
            until = until == 0 && !record.hasValue() && !record.negative()
                    ? record.claimDeadline()
                    : until == 0 ? 0 : Math.max(until, record.claimDeadline());
        }
        return until == 0 ? 0 : Math.max(until - now, 0) + SLACK_MILLIS;
    }

    @Override
    public EntryProcessor<String, CacheEntry, CacheReply> getBackupProcessor() {
        return stored.isEmpty() ? null : new StoreEntries(Map.copyOf(stored));
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        readFields(in);
    }

    abstract void writeFields(ObjectDataOutput out) throws IOException;

    abstract void readFields(ObjectDataInput in) throws IOException;
}

package io.stategrid.ratelimit.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.MemberClock;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes permits from one key: reads the state, refills or slides it by the member's clock, grants all
 * or nothing and stores the result, as one step on the partition thread of the key's owner (so
 * concurrent takes of a key are serialized, never lost). A denied take stores nothing unless the limit
 * changed. The stored entry lives until it would be full again plus {@link #GRACE_MILLIS}, so expiry
 * never forgets anything that still matters. The backup replica does not re-run the logic; it stores
 * the exact state the owner wrote (synchronously, before the caller gets the answer). When the owner
 * dies mid-take, Hazelcast re-sends the take to the new owner: if the backup had already stored the
 * first run, the take counts twice (an over-count, never an under-count).
 */
final class TakePermits
        implements EntryProcessor<String, LimiterState, TakeOutcome>,
                HazelcastInstanceAware,
                IdentifiedDataSerializable {
    /** Slack over the computed idle time, for clocks of a new owner that run behind the old one's. */
    static final long GRACE_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private RateLimit limit;
    private long permits;
    private transient HazelcastInstance member;
    private transient volatile StoreState backup;

    TakePermits() {}

    TakePermits(RateLimit limit, long permits) {
        this.limit = limit;
        this.permits = permits;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public TakeOutcome process(Map.Entry<String, LimiterState> entry) {
        long now = MemberClock.millis(member);
        LimiterState stored = entry.getValue();
        LimiterState state = LimiterState.under(stored, limit, now);
        LimiterState.Step step = state.take(permits, now);
        LimiterState write = step.next() != null ? step.next() : state != stored ? state : null;
        if (write != null) {
            long ttl = write.idleMillis(now) + GRACE_MILLIS;
            ((ExtendedMapEntry<String, LimiterState>) entry).setValue(write, ttl, TimeUnit.MILLISECONDS);
            backup = new StoreState(write, ttl);
        }
        return new TakeOutcome(step.allowed(), step.remaining(), step.retryAfterMillis(), limit.capacity());
    }

    @Override
    public EntryProcessor<String, LimiterState, TakeOutcome> getBackupProcessor() {
        return backup;
    }

    @Override
    public int getFactoryId() {
        return RateLimitSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RateLimitSerializers.TAKE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        RateLimitSerializers.writeLimit(out, limit);
        out.writeLong(permits);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = RateLimitSerializers.readLimit(in);
        permits = in.readLong();
    }
}

package io.stategrid.ratelimit.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.util.Arrays;

/**
 * An exact sliding window: the log of granted permits still inside the window, as (member time,
 * count) pairs, one per millisecond, oldest first. A permit granted at {@code t} counts while
 * {@code now < t + window}. The log holds at most {@code limit} entries, which is why a window's limit
 * is capped. A member clock that reads earlier than the newest entry (a new owner running behind)
 * files new permits at that entry's time, so the log stays ordered and no permit leaves early.
 */
final class SlidingLog implements LimiterState {
    private long limit;
    private long windowMillis;
    private long[] times;
    private int[] counts;

    SlidingLog() {}

    private SlidingLog(long limit, long windowMillis, long[] times, int[] counts) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.times = times;
        this.counts = counts;
    }

    static SlidingLog empty(RateLimit limit) {
        return new SlidingLog(limit.limit(), limit.periodMillis(), new long[0], new int[0]);
    }

    /**
     * This log under a changed limit or window: the same permits, counted against the new ones. Permits
     * older than the old window were already forgotten, so a longer window under-counts at first.
     */
    SlidingLog under(RateLimit next) {
        if (next.limit() == limit && next.periodMillis() == windowMillis) {
            return this;
        }
        return new SlidingLog(next.limit(), next.periodMillis(), times, counts);
    }

    @Override
    public Step take(long permits, long now) {
        int first = 0;
        while (first < times.length && times[first] + windowMillis <= now) {
            first++;
        }
        long used = 0;
        for (int i = first; i < counts.length; i++) {
            used += counts[i];
        }
        if (used + permits > limit) {
            // The take fits once enough of the oldest permits have left: when the entry that frees the
            // last of them expires. permits <= limit, so the log holds that many.
            long mustLeave = used + permits - limit;
            int i = first;
            long leaving = counts[i];
            while (leaving < mustLeave) {
                leaving += counts[++i];
            }
            return new Step(false, Math.max(0, limit - used), times[i] + windowMillis - now, null);
        }
        int kept = times.length - first;
        long last = kept == 0 ? Long.MIN_VALUE : times[times.length - 1];
        long stamp = Math.max(now, last);
        boolean merge = stamp == last;
        long[] nextTimes = Arrays.copyOfRange(times, first, times.length + (merge ? 0 : 1));
        int[] nextCounts = Arrays.copyOfRange(counts, first, counts.length + (merge ? 0 : 1));
        nextTimes[nextTimes.length - 1] = stamp;
        nextCounts[nextCounts.length - 1] += (int) permits;
        return new Step(true, limit - used - permits, 0, new SlidingLog(limit, windowMillis, nextTimes, nextCounts));
    }

    @Override
    public long idleMillis(long now) {
        return times.length == 0 ? 0 : Math.max(0, times[times.length - 1] + windowMillis - now);
    }

    @Override
    public int getFactoryId() {
        return RateLimitSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RateLimitSerializers.SLIDING_LOG;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(limit);
        out.writeLong(windowMillis);
        out.writeLongArray(times);
        out.writeIntArray(counts);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = in.readLong();
        windowMillis = in.readLong();
        times = in.readLongArray();
        counts = in.readIntArray();
    }

    @Override
    public String toString() {
        return "SlidingLog[" + limit + "/" + windowMillis + "ms, " + times.length + " entries]";
    }
}

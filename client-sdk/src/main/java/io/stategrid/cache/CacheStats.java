package io.stategrid.cache;

import java.time.Duration;
import java.util.List;

/**
 * Counters of one cache since start, summed over the members and clients that report them.
 *
 * @param hotKeys the most read keys (sampled, approximate), most read first
 */
public record CacheStats(
        String cache,
        long hits,
        long misses,
        long loads,
        long loadFailures,
        Duration loadTime,
        long evictions,
        long entries,
        List<HotKey> hotKeys) {
    public record HotKey(String key, long reads) {}

    /** hits / (hits + misses), 0 with no reads. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }
}

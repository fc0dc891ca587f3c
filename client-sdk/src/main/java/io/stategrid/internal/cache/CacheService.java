package io.stategrid.internal.cache;

import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheStats;
import io.stategrid.cache.Caches;

/** {@link Caches} with what the node, its metrics and the tests ask of this process's caches. Not public API. */
public interface CacheService extends Caches, AutoCloseable {
    /** The settings of {@code cache}; NOT_FOUND if there is no such cache. Blocks on first use of a cache. */
    CacheSpec spec(String cache);

    /** This process's own counters of {@code cache} (no entries or evictions; see {@link #stats}). */
    CacheStats localStats(String cache);

    /** Entries in this process's near cache of {@code cache}. */
    int nearCacheSize(String cache);

    /**
     * While true, the invalidation events that reach this process are ignored, as if they were lost: what
     * tests of the near caches' staleness bound need.
     */
    void dropInvalidations(boolean drop);

    /** Diagnostic: the watermarks this process has received, and the partitions they listed in all. */
    long[] watermarksReceived();

    /** Stops listening and drops the near caches. */
    @Override
    void close();
}

package io.stategrid.cache.impl;

import io.stategrid.cache.CacheValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cache's entries held in a remote client, each stamped with the moment its fetch started and with
 * its partition and that partition's repair epoch at that moment. An entry is served while younger than
 * the staleness bound; older, while its partition's watermark vouches for it ({@link NearCacheRepair});
 * otherwise it is revalidated with the owner. Once its partition was dropped (a watermark showed a change
 * no event reported, or a new owner) it is refetched whatever its age. Because the stamp is taken before the owner read the
 * value, a value served on its age at time t was current at some moment after t - bound, whether or not
 * invalidation events arrive; the watermark rule gives the same guarantee (see NearCacheRepair).
 * Invalidations drop entries at once; a fetch that overlapped an invalidation is not kept. Bounded: past
 * the limit, the tenth least recently read entries go (sampled, so approximately LRU).
 */
final class NearCache {
    static final class Held {
        final CacheEntry entry;
        final long stampNanos;
        final int partition;
        final long partitionEpoch;
        volatile long lastReadNanos;
        /** Set before an invalidation is counted as applied, so a reader that sees the newer watermark sees it. */
        volatile boolean dropped;
        /** The entry as callers get it, built on first use (a record of final fields: safe to share racily). */
        private CacheValue value;

        Held(CacheEntry entry, long stampNanos, int partition, long partitionEpoch) {
            this.entry = entry;
            this.stampNanos = stampNanos;
            this.partition = partition;
            this.partitionEpoch = partitionEpoch;
            this.lastReadNanos = stampNanos;
        }

        CacheValue value() {
            CacheValue v = value;
            if (v == null) {
                v = entry.toValue(false);
                value = v;
            }
            return v;
        }
    }

    private final Map<String, Held> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final long boundNanos;
    private final int maxEntries;
    private final NearCacheRepair repair;

    NearCache(long boundNanos, int maxEntries, NearCacheRepair repair) {
        this.boundNanos = boundNanos;
        this.maxEntries = maxEntries;
        this.repair = repair;
    }

    /**
     * The held entry if it may be served at {@code now}: younger than the bound, or vouched for by its
     * partition's watermark; null otherwise (stale ones stay for revalidation).
     */
    Held fresh(String key, long nowNanos) {
        Held h = entries.get(key);
        if (h == null) {
            return null;
        }
        int verdict = repair.check(h.partition, h.partitionEpoch, nowNanos, boundNanos);
        // A partition dropped since the fetch started (a lost change, a new owner) is refetched even if young.
        if (verdict == NearCacheRepair.DROPPED || nowNanos - h.stampNanos >= boundNanos
                && (verdict != NearCacheRepair.VOUCHED || h.dropped)) {
            return null;
        }
        h.lastReadNanos = nowNanos;
        return h;
    }

    NearCacheRepair repair() {
        return repair;
    }

    /** The held entry however old, for a revalidation by version. */
    Held held(String key) {
        return entries.get(key);
    }

    /** A token to pass to {@link #keep}: which invalidations had happened when the fetch started. */
    long epoch() {
        return invalidations.get();
    }

    /**
     * Keeps what a fetch that started at {@code stampNanos} found, unless an invalidation came meanwhile;
     * {@code partitionEpoch} is the partition's repair epoch when the fetch started.
     */
    void keep(String key, CacheEntry entry, long stampNanos, long epochAtStart, int partition, long partitionEpoch) {
        if (invalidations.get() != epochAtStart) {
            return;
        }
        entries.put(key, new Held(entry, stampNanos, partition, partitionEpoch));
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    void invalidate(String key) {
        invalidations.incrementAndGet();
        Held h = entries.remove(key);
        if (h != null) {
            h.dropped = true;
        }
    }

    void invalidateIf(java.util.function.Predicate<String> key) {
        invalidations.incrementAndGet();
        entries.entrySet().removeIf(e -> {
            if (key.test(e.getKey())) {
                e.getValue().dropped = true;
                return true;
            }
            return false;
        });
    }

    void clear() {
        invalidateIf(k -> true);
    }

    int size() {
        return entries.size();
    }

    private synchronized void evict() {
        int excess = entries.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        int drop = Math.max(excess, maxEntries / 10);
        List<Map.Entry<String, Held>> all = new ArrayList<>(entries.entrySet());
        all.sort(java.util.Comparator.comparingLong(e -> e.getValue().lastReadNanos));
        for (int i = 0; i < drop && i < all.size(); i++) {
            entries.remove(all.get(i).getKey(), all.get(i).getValue());
        }
    }
}

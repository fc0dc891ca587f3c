package io.stategrid.cache.impl;

import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.internal.cache.CacheEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

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
    /**
     * A held entry's key: the grid key's parts, so a hit builds no string (the grid key is
     * {@code tenant/generation/key}; concatenating and hashing it cost more than the rest of a hit).
     */
    record Key(String tenant, long generation, String key) {
        @Override
        public int hashCode() {
            return (tenant.hashCode() * 31 + Long.hashCode(generation)) * 31 + key.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && generation == k.generation && key.equals(k.key) && tenant.equals(k.tenant);
        }
    }

    static final class Held {
        final CacheEntry entry;
        final long stampNanos;
        final int partition;
        final long partitionEpoch;
        /** Plain, not volatile: eviction only needs an approximate order, and a hit should not fence. */
        long lastReadNanos;
        /** Set before an invalidation is counted as applied, so a reader that sees the newer watermark sees it. */
        volatile boolean dropped;
        /** The entry as callers get it, built on first use (a record of final fields: safe to share racily). */
        private Optional<CacheValue> value;

        Held(CacheEntry entry, long stampNanos, int partition, long partitionEpoch) {
            this.entry = entry;
            this.stampNanos = stampNanos;
            this.partition = partition;
            this.partitionEpoch = partitionEpoch;
            this.lastReadNanos = stampNanos;
        }

        Optional<CacheValue> value() {
            Optional<CacheValue> v = value;
            if (v == null) {
                v = Optional.of(entry.toValue(false));
                value = v;
            }
            return v;
        }
    }

    private final Map<Key, Held> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    /** The cache's settings and this process's counters of it, at hand for a hit without a lookup. */
    final CacheSpec spec;

    final CacheCounters.One counters;
    final long boundNanos;
    private final int maxEntries;
    private final NearCacheRepair repair;

    NearCache(CacheSpec spec, CacheCounters.One counters, int maxEntries, NearCacheRepair repair) {
        this.spec = spec;
        this.counters = counters;
        this.boundNanos = spec.nearCacheStaleness().toNanos();
        this.maxEntries = maxEntries;
        this.repair = repair;
    }

    /**
     * The held entry if it may be served at {@code now}: younger than the bound, or vouched for by its
     * partition's watermark; null otherwise (stale ones stay for revalidation).
     */
    Held fresh(Key key, long nowNanos) {
        Held h = entries.get(key);
        if (h == null) {
            return null;
        }
        int verdict = repair.check(h.partition, h.partitionEpoch, nowNanos, boundNanos);
        // A partition dropped since the fetch started (a lost change, a new owner) is refetched even if young.
        if (verdict == NearCacheRepair.DROPPED
                || nowNanos - h.stampNanos >= boundNanos && (verdict != NearCacheRepair.VOUCHED || h.dropped)) {
            return null;
        }
        h.lastReadNanos = nowNanos;
        return h;
    }

    NearCacheRepair repair() {
        return repair;
    }

    /** The held entry however old, for a revalidation by version. */
    Held held(Key key) {
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
    void keep(Key key, CacheEntry entry, long stampNanos, long epochAtStart, int partition, long partitionEpoch) {
        if (invalidations.get() != epochAtStart) {
            return;
        }
        entries.put(key, new Held(entry, stampNanos, partition, partitionEpoch));
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    void invalidate(Key key) {
        invalidations.incrementAndGet();
        Held h = entries.remove(key);
        if (h != null) {
            h.dropped = true;
        }
    }

    void invalidateIf(Predicate<Key> key) {
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
        List<Map.Entry<Key, Held>> all = new ArrayList<>(entries.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue().lastReadNanos));
        for (int i = 0; i < drop && i < all.size(); i++) {
            entries.remove(all.get(i).getKey(), all.get(i).getValue());
        }
    }
}

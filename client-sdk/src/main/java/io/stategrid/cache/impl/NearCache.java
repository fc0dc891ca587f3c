package io.stategrid.cache.impl;

import io.stategrid.cache.CacheValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cache's entries held in a remote client, each stamped with the moment its fetch started: an
 * entry is served while younger than the staleness bound, then revalidated with the owner. Because the
 * stamp is taken before the owner read the value, a value served at time t was current at some moment
 * after t - bound, whether or not invalidation events arrive. Invalidations drop entries at once; a
 * fetch that overlapped an invalidation is not kept. Bounded: past the limit, the tenth least recently
 * read entries go (sampled, so approximately LRU).
 */
final class NearCache {
    static final class Held {
        final CacheEntry entry;
        final long stampNanos;
        volatile long lastReadNanos;
        /** The entry as callers get it, built on first use (a record of final fields: safe to share racily). */
        private CacheValue value;

        Held(CacheEntry entry, long stampNanos) {
            this.entry = entry;
            this.stampNanos = stampNanos;
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

    NearCache(long boundNanos, int maxEntries) {
        this.boundNanos = boundNanos;
        this.maxEntries = maxEntries;
    }

    /** The held entry if it is within the bound at {@code now}; null otherwise (stale ones stay for revalidation). */
    Held fresh(String key, long nowNanos) {
        Held h = entries.get(key);
        if (h == null || nowNanos - h.stampNanos >= boundNanos) {
            return null;
        }
        h.lastReadNanos = nowNanos;
        return h;
    }

    /** The held entry however old, for a revalidation by version. */
    Held held(String key) {
        return entries.get(key);
    }

    /** A token to pass to {@link #keep}: which invalidations had happened when the fetch started. */
    long epoch() {
        return invalidations.get();
    }

    void keep(String key, CacheEntry entry, long stampNanos, long epochAtStart) {
        if (invalidations.get() != epochAtStart) {
            return;
        }
        entries.put(key, new Held(entry, stampNanos));
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    void invalidate(String key) {
        invalidations.incrementAndGet();
        entries.remove(key);
    }

    void invalidateIf(java.util.function.Predicate<String> key) {
        invalidations.incrementAndGet();
        entries.keySet().removeIf(key);
    }

    void clear() {
        invalidations.incrementAndGet();
        entries.clear();
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

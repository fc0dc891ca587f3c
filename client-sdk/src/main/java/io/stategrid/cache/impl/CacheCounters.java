package io.stategrid.cache.impl;

import io.stategrid.cache.CacheStats;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This process's counters per cache (reads served, loads run). A member registers its counters with
 * {@code MemberContext} so {@link CacheStatsTask} can sum them over the cluster. Not public API.
 */
final class CacheCounters {
    static final int HOT_KEYS = 10;
    private final Map<String, One> byCache = new ConcurrentHashMap<>();

    static final class One {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder loads = new LongAdder();
        final LongAdder loadFailures = new LongAdder();
        final LongAdder loadNanos = new LongAdder();
        final HotKeys hot = new HotKeys(64);
    }

    One of(String cache) {
        return byCache.computeIfAbsent(cache, c -> new One());
    }

    /** A serializable snapshot of one cache's counters (entries and evictions are the member's map's). */
    record Snapshot(
            String cache,
            long hits,
            long misses,
            long loads,
            long loadFailures,
            long loadNanos,
            long evictions,
            long entries,
            Map<String, Long> hotKeys)
            implements Serializable {
        static Snapshot empty(String cache) {
            return new Snapshot(cache, 0, 0, 0, 0, 0, 0, 0, Map.of());
        }

        Snapshot plus(Snapshot o) {
            Map<String, Long> hot = new HashMap<>(hotKeys);
            o.hotKeys.forEach((k, v) -> hot.merge(k, v, Long::sum));
            return new Snapshot(
                    cache,
                    hits + o.hits,
                    misses + o.misses,
                    loads + o.loads,
                    loadFailures + o.loadFailures,
                    loadNanos + o.loadNanos,
                    evictions + o.evictions,
                    entries + o.entries,
                    hot);
        }

        CacheStats toStats() {
            List<CacheStats.HotKey> hot = new ArrayList<>();
            hotKeys.forEach((k, v) -> hot.add(new CacheStats.HotKey(k, v)));
            hot.sort(Comparator.comparingLong(CacheStats.HotKey::reads).reversed());
            return new CacheStats(
                    cache,
                    hits,
                    misses,
                    loads,
                    loadFailures,
                    Duration.ofNanos(loadNanos),
                    evictions,
                    entries,
                    List.copyOf(hot.size() > HOT_KEYS ? hot.subList(0, HOT_KEYS) : hot));
        }
    }

    Snapshot snapshot(String cache, long evictions, long entries) {
        One c = byCache.get(cache);
        if (c == null) {
            return new Snapshot(cache, 0, 0, 0, 0, 0, evictions, entries, Map.of());
        }
        Map<String, Long> hot = new HashMap<>();
        c.hot.top(HOT_KEYS).forEach(h -> hot.put(h.key(), h.reads()));
        return new Snapshot(
                cache,
                c.hits.sum(),
                c.misses.sum(),
                c.loads.sum(),
                c.loadFailures.sum(),
                c.loadNanos.sum(),
                evictions,
                entries,
                hot);
    }
}

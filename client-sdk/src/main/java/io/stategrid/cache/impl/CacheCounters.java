package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.cache.CacheStats;
import io.stategrid.internal.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    static final class Snapshot implements IdentifiedDataSerializable {
        private String cache;
        private long hits;
        private long misses;
        private long loads;
        private long loadFailures;
        private long loadNanos;
        private long evictions;
        private long entries;
        private Map<String, Long> hotKeys;

        /** For deserialization only. */
        Snapshot() {}

        Snapshot(
                String cache,
                long hits,
                long misses,
                long loads,
                long loadFailures,
                long loadNanos,
                long evictions,
                long entries,
                Map<String, Long> hotKeys) {
            this.cache = cache;
            this.hits = hits;
            this.misses = misses;
            this.loads = loads;
            this.loadFailures = loadFailures;
            this.loadNanos = loadNanos;
            this.evictions = evictions;
            this.entries = entries;
            this.hotKeys = hotKeys;
        }

        String cache() {
            return cache;
        }

        long hits() {
            return hits;
        }

        long misses() {
            return misses;
        }

        long loads() {
            return loads;
        }

        long loadFailures() {
            return loadFailures;
        }

        long loadNanos() {
            return loadNanos;
        }

        long evictions() {
            return evictions;
        }

        long entries() {
            return entries;
        }

        Map<String, Long> hotKeys() {
            return hotKeys;
        }

        @Override
        public int getFactoryId() {
            return CacheSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CacheSerializers.SNAPSHOT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(cache);
            out.writeLong(hits);
            out.writeLong(misses);
            out.writeLong(loads);
            out.writeLong(loadFailures);
            out.writeLong(loadNanos);
            out.writeLong(evictions);
            out.writeLong(entries);
            Wire.writeLongMap(out, hotKeys);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            cache = in.readString();
            hits = in.readLong();
            misses = in.readLong();
            loads = in.readLong();
            loadFailures = in.readLong();
            loadNanos = in.readLong();
            evictions = in.readLong();
            entries = in.readLong();
            hotKeys = Wire.readLongMap(in);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot o
                    && Objects.equals(cache, o.cache)
                    && hits == o.hits
                    && misses == o.misses
                    && loads == o.loads
                    && loadFailures == o.loadFailures
                    && loadNanos == o.loadNanos
                    && evictions == o.evictions
                    && entries == o.entries
                    && Objects.equals(hotKeys, o.hotKeys);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cache, hits, misses, loads, loadFailures, loadNanos, evictions, entries, hotKeys);
        }

        @Override
        public String toString() {
            return "Snapshot[" + cache + ", " + hits + ", " + misses + ", " + loads + ", " + loadFailures + ", "
                    + loadNanos + ", " + evictions + ", " + entries + ", " + hotKeys + "]";
        }

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

package io.stategrid.cache.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheStats;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.cache.Caches;
import io.stategrid.lock.Locks;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Caches over one map per cache ({@code stategrid-cache.<name>}, key {@code tenant/generation/key}),
 * written and loaded through entry processors on the key's owner and read with plain gets; a near
 * cache in remote clients. Not public API.
 */
public final class GridCaches implements Caches, AutoCloseable {
    public static final String MAP_PREFIX = "stategrid-cache.";
    public static final String SPECS = "stategrid-cache-specs";
    public static final String TAGS = "stategrid-cache-tags";
    public static final String GENERATIONS = "stategrid-cache-generations";
    public static final String TOPIC = "stategrid-cache-invalidations";
    public static final String EXECUTOR = "stategrid-cache-loads";
    public static final int EXECUTOR_THREADS = 4;
    public static final int DEFAULT_NEAR_CACHE_ENTRIES = 10_000;

    private final HazelcastInstance hazelcast;
    private final Locks locks;
    private final Clock clock;
    private final int nearCacheMaxEntries;

    /** {@code locks} checks the leases that guarded writes name. */
    public GridCaches(HazelcastInstance hazelcast, Locks locks) {
        this(hazelcast, locks, Clock.systemUTC(), DEFAULT_NEAR_CACHE_ENTRIES);
    }

    /**
     * @param clock               this process's clock for logical expiry of plain reads (members use their
     *                            {@code MemberClock}); tests inject one
     * @param nearCacheMaxEntries bound of each near cache (remote clients only)
     */
    public GridCaches(HazelcastInstance hazelcast, Locks locks, Clock clock, int nearCacheMaxEntries) {
        this.hazelcast = hazelcast;
        this.locks = locks;
        this.clock = clock;
        this.nearCacheMaxEntries = nearCacheMaxEntries;
    }

    /** The map that holds {@code cache}. */
    public static String mapName(String cache) {
        return MAP_PREFIX + cache;
    }

    /** The Hazelcast map configuration of a cache: TTL and max idle as backstops of the logical ones. */
    public static MapConfig mapConfig(CacheSpec spec) {
        MapConfig config = new MapConfig(mapName(spec.name()))
                .setBackupCount(spec.backups())
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(true);
        EvictionConfig eviction = new EvictionConfig()
                .setEvictionPolicy(spec.eviction() == CacheSpec.Eviction.LFU ? EvictionPolicy.LFU
                        : spec.eviction() == CacheSpec.Eviction.NONE ? EvictionPolicy.NONE : EvictionPolicy.LRU);
        if (spec.maxEntriesPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(spec.maxEntriesPerMember());
        } else if (spec.maxMemoryMbPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE).setSize(spec.maxMemoryMbPerMember());
        } else {
            eviction.setEvictionPolicy(EvictionPolicy.NONE);
        }
        return config.setEvictionConfig(eviction);
    }

    /** Adds the caches' maps (and the loader executor) to a member's configuration before it starts. */
    public static void configure(Config memberConfig, List<CacheSpec> specs) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The settings of {@code cache}; NOT_FOUND if there is no such cache. */
    public CacheSpec spec(String cache) {
        throw StategridException.of(ErrorCode.NOT_FOUND, "no cache '%s'", cache);
    }

    /** Calls {@code listener} with every change announced on {@value #TOPIC} (for edge-local caches). */
    public AutoCloseable onEvent(Consumer<CacheEvent> listener) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Test hook: while true, invalidation events reaching this client are ignored (as if lost). */
    public void dropInvalidations(boolean drop) {
    }

    /** Entries in this client's near cache of {@code cache} (0 on members, which have none). */
    public int nearCacheSize(String cache) {
        return 0;
    }

    /** This process's own counters of {@code cache} (no entries or evictions; see {@link #stats}). */
    public CacheStats localStats(String cache) {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key) {
        return skeleton();
    }

    @Override
    public CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys) {
        return skeleton();
    }

    @Override
    public CompletionStage<Optional<CacheValue>> getOrLoad(String tenant, String cache, String key, CacheLoader loader) {
        return skeleton();
    }

    @Override
    public CompletionStage<CacheValue> put(String tenant, String cache, String key, CacheWrite write) {
        return skeleton();
    }

    @Override
    public CompletionStage<Void> putAll(String tenant, String cache, Map<String, CacheWrite> writes) {
        return skeleton();
    }

    @Override
    public CompletionStage<Boolean> delete(String tenant, String cache, String key) {
        return skeleton();
    }

    @Override
    public CompletionStage<Integer> invalidateKeys(String tenant, String cache, Collection<String> keys) {
        return skeleton();
    }

    @Override
    public CompletionStage<Integer> invalidateTags(String tenant, String cache, Collection<String> tags) {
        return skeleton();
    }

    @Override
    public CompletionStage<Long> invalidateAll(String tenant, String cache) {
        return skeleton();
    }

    @Override
    public List<CacheSpec> list() {
        return List.of();
    }

    @Override
    public CompletionStage<CacheSpec> create(CacheSpec spec) {
        return skeleton();
    }

    @Override
    public CompletionStage<CacheStats> stats(String cache) {
        return skeleton();
    }

    @Override
    public void close() {
    }

    private static <T> CompletionStage<T> skeleton() {
        return CompletableFuture.failedFuture(StategridException.of(ErrorCode.INTERNAL, "not implemented yet"));
    }
}

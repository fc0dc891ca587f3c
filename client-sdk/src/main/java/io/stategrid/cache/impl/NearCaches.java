package io.stategrid.cache.impl;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheEntry;
import io.stategrid.internal.cache.CacheMaps;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The near caches of one process, one per cache whose settings bound its staleness, sharing one
 * {@link NearCacheRepair}: the hit taken without a grid call, the fetch that keeps what the owner
 * answered (revalidating a held entry by its version), and a fresh start after a remote client
 * reconnects.
 */
final class NearCaches {
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final HazelcastInstance hazelcast;
    private final CacheRegistry registry;
    private final CacheCounters counters;
    private final int maxEntries;
    /** Logical time for expiry checks of what this process reads. */
    private final LongSupplier now;

    private final Map<String, NearCache> byCache = new ConcurrentHashMap<>();
    /** Per-partition freshness from the members' watermarks. */
    private final NearCacheRepair repair;

    private final UUID lifecycleRegistration;
    private volatile boolean disconnected;

    /** {@code maxEntries} bounds each near cache (at least 1). */
    NearCaches(
            HazelcastInstance hazelcast,
            CacheRegistry registry,
            CacheCounters counters,
            int maxEntries,
            LongSupplier now) {
        this.hazelcast = hazelcast;
        this.registry = registry;
        this.counters = counters;
        this.maxEntries = maxEntries;
        this.now = now;
        this.repair = new NearCacheRepair(hazelcast);
        this.lifecycleRegistration = hazelcast instanceof HazelcastClientProxy
                ? hazelcast.getLifecycleService().addLifecycleListener(this::onLifecycle)
                : null;
    }

    /** The near cache of {@code spec}'s cache, made on first use; null if its settings bound no staleness. */
    NearCache near(CacheSpec spec) {
        if (spec.nearCacheStaleness() == null) {
            return null;
        }
        return byCache.computeIfAbsent(spec.name(), name -> new NearCache(spec, counters.of(name), maxEntries, repair));
    }

    /** The near cache of {@code cache} if one was made; null otherwise. */
    NearCache of(String cache) {
        return byCache.get(cache);
    }

    NearCacheRepair repair() {
        return repair;
    }

    int size(String cache) {
        NearCache near = byCache.get(cache);
        return near == null ? 0 : near.size();
    }

    /**
     * A near-cache hit taken without a stage per step, when the settings, the generation (within the
     * bound) and the entry (within the bound, unexpired) are all at hand; null sends the read down the full
     * path, which also reports bad arguments. The same checks as {@link #fetch} and the full read.
     */
    Optional<CacheValue> hit(String tenant, String cache, String key) {
        if (cache == null || byCache.isEmpty()) {
            return null;
        }
        NearCache near = byCache.get(cache);
        if (near == null || !Names.isTenant(tenant) || !CacheInput.isKey(key)) {
            return null;
        }
        long nowNanos = System.nanoTime();
        long generation = registry.heldGeneration(cache, tenant, near.boundNanos, nowNanos);
        if (generation < 0) {
            return null;
        }
        NearCache.Held held = near.fresh(new NearCache.Key(tenant, generation, key), nowNanos);
        if (held == null || !held.entry.hasValue() || held.entry.expired(now.getAsLong())) {
            return null;
        }
        near.counters.hits.increment();
        near.counters.hot.read(key);
        return held.value();
    }

    /** The entry of {@code k} as the near cache (within its bound) or the owner has it; null if none. */
    CompletionStage<CacheEntry> fetch(CacheKey k) {
        NearCache near = k.near();
        if (near == null) {
            return fetchRemote(k, 0);
        }
        long start = System.nanoTime();
        NearCache.Held fresh = near.fresh(k.nearKey(), start);
        if (fresh != null) {
            return CompletableFuture.completedFuture(fresh.entry);
        }
        NearCache.Held old = near.held(k.nearKey());
        long epoch = near.epoch();
        int partition = old != null ? old.partition : near.repair().partitionOf(k.gridKey());
        long partitionEpoch = near.repair().epoch(partition);
        if (old != null) {
            return Stages.plain(map(k.spec())
                            .submitToKey(
                                    k.gridKey(),
                                    new ReadEntry(old.entry.version(), k.maxIdleMillis(), k.extensionMillis())))
                    .thenApply(reply -> {
                        CacheEntry entry = reply.kind() == CacheReply.Kind.SAME ? old.entry : reply.entry();
                        keepNear(k, entry, start, epoch, partition, partitionEpoch);
                        return entry;
                    });
        }
        return fetchRemote(k, 0).thenApply(entry -> {
            keepNear(k, entry, start, epoch, partition, partitionEpoch);
            return entry;
        });
    }

    private void keepNear(CacheKey k, CacheEntry entry, long start, long epoch, int partition, long partitionEpoch) {
        if (entry != null && entry.hasValue()) {
            k.near().keep(k.nearKey(), entry, start, epoch, partition, partitionEpoch);
        } else {
            k.near().invalidate(k.nearKey());
        }
    }

    private CompletionStage<CacheEntry> fetchRemote(CacheKey k, long knownVersion) {
        if (k.maxIdleMillis() > 0 || knownVersion > 0) {
            return Stages.plain(map(k.spec())
                            .submitToKey(
                                    k.gridKey(), new ReadEntry(knownVersion, k.maxIdleMillis(), k.extensionMillis())))
                    .thenApply(CacheReply::entry);
        }
        return Stages.plain(map(k.spec()).getAsync(k.gridKey()));
    }

    private IMap<String, CacheEntry> map(CacheSpec spec) {
        return hazelcast.getMap(CacheMaps.mapName(spec.name()));
    }

    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
            disconnected = true;
        } else if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED && disconnected) {
            // Invalidations sent while the client was away never reach it (a Hazelcast topic does not
            // replay them on reconnect): start empty.
            disconnected = false;
            byCache.values().forEach(NearCache::clear);
            repair.reset();
            registry.forgetGenerations();
        }
    }

    /** Stops listening and drops every near cache; the instance may already be down. */
    void close() {
        try {
            if (lifecycleRegistration != null) {
                hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
            }
        } catch (RuntimeException e) {
            // the instance is already down: nothing left to unregister from
        }
        repair.close();
        byCache.clear();
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheStats;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheEntry;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.lock.Locks;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Caches over one map per cache ({@code stategrid-cache.<name>}, key {@code tenant/generation/key}),
 * written and loaded through entry processors on the key's owner and read with plain gets (an entry
 * processor only where a read must write: max idle, near-cache revalidation); a near cache in every
 * process that reads a cache whose settings bound its staleness (remote clients, and members, whose edge
 * serves from it too). Every change is announced on {@value CacheEventBus#TOPIC}. Not public API.
 */
final class GridCaches implements CacheService {
    private final HazelcastInstance hazelcast;
    private final Fencing fencing;
    private final Clock clock;
    private final boolean remote;
    private final CacheRegistry registry;
    private final CacheCounters counters;
    private final Waiters waiters = new Waiters();
    private final NearCaches nearCaches;
    private final CacheEventBus events;
    private final CacheReads reads;
    private final WarmUps warmUps;

    /** {@code locks} checks the leases that guarded writes name. */
    GridCaches(HazelcastInstance hazelcast, Locks locks) {
        this(hazelcast, locks, Clock.systemUTC(), NearCaches.DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param clock               a remote client's clock for logical expiry of what it reads (members use
     *                            their {@code MemberClock}); tests inject one
     * @param nearCacheMaxEntries bound of each near cache
     */
    GridCaches(HazelcastInstance hazelcast, Locks locks, Clock clock, int nearCacheMaxEntries) {
        if (nearCacheMaxEntries < 1) {
            throw StategridException.invalid("nearCacheMaxEntries must be >= 1, got %d", nearCacheMaxEntries);
        }
        this.hazelcast = hazelcast;
        this.fencing = new Fencing(locks);
        this.clock = clock;
        this.remote = hazelcast instanceof HazelcastClientProxy;
        this.registry = new CacheRegistry(hazelcast, !remote);
        this.counters = remote ? new CacheCounters() : memberCounters(hazelcast);
        this.nearCaches = new NearCaches(hazelcast, registry, counters, nearCacheMaxEntries, this::now);
        this.reads = new CacheReads(registry, nearCaches, counters, new LoadFlight(this), this::now);
        this.events = new CacheEventBus(hazelcast, !remote, registry, nearCaches, waiters);
        this.warmUps = new WarmUps(hazelcast);
    }

    private static CacheCounters memberCounters(HazelcastInstance member) {
        return MemberContext.computeIfAbsent(member, CacheCounters.class, CacheCounters::new);
    }

    @Override
    public CacheSpec spec(String cache) {
        return CacheStages.join(registry.spec(cache));
    }

    @Override
    public void dropInvalidations(boolean drop) {
        events.dropIncoming(drop);
    }

    /** How many members' watermarks this process's near caches trust so far. */
    int trustedWatermarkSources() {
        return nearCaches.repair().trustedMembers();
    }

    @Override
    public long[] watermarksReceived() {
        return nearCaches.repair().received();
    }

    @Override
    public int nearCacheSize(String cache) {
        return nearCaches.size(cache);
    }

    @Override
    public CacheStats localStats(String cache) {
        return counters.snapshot(cache, 0, 0).toStats();
    }

    // ---- reads

    @Override
    public CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key) {
        return reads.get(tenant, cache, key);
    }

    @Override
    public CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys) {
        return reads.getAll(tenant, cache, keys);
    }

    @Override
    public CompletionStage<Optional<CacheValue>> getOrLoad(
            String tenant, String cache, String key, CacheLoader loader) {
        return reads.getOrLoad(tenant, cache, key, loader);
    }

    // ---- writes

    @Override
    public CompletionStage<CacheValue> put(String tenant, String cache, String key, CacheWrite write) {
        return putAll(tenant, cache, Map.of(Arguments.present(key, "key"), Arguments.present(write, "write")), true)
                .thenApply(written -> written.get(0));
    }

    @Override
    public CompletionStage<Void> putAll(String tenant, String cache, Map<String, CacheWrite> writes) {
        return putAll(tenant, cache, Arguments.present(writes, "writes"), false).thenApply(written -> null);
    }

    private CompletionStage<List<CacheValue>> putAll(
            String tenant, String cache, Map<String, CacheWrite> writes, boolean single) {
        return CacheStages.guarded(() -> {
                    Names.requireTenant(tenant);
                    writes.keySet().forEach(CacheInput::requireKey);
                    return registry.spec(cache);
                })
                .thenApply(spec -> {
                    writes.forEach((key, write) -> CacheInput.requireWrite(spec, key, write));
                    return spec;
                })
                .thenComposeAsync(
                        spec -> fencing.guarded(
                                        writes.values().stream()
                                                .map(CacheWrite::fence)
                                                .toList(),
                                        () -> registry.generation(spec, tenant))
                                .thenComposeAsync(
                                        generation -> new CacheWrites(this, spec, tenant, generation).write(writes),
                                        Stages.CHAIN),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Boolean> delete(String tenant, String cache, String key) {
        return invalidateKeys(tenant, cache, List.of(Arguments.present(key, "key")))
                .thenApply(n -> n > 0);
    }

    @Override
    public CompletionStage<Integer> invalidateKeys(String tenant, String cache, Collection<String> keys) {
        return CacheStages.guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(keys, "keys").forEach(CacheInput::requireKey);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> registry.generation(spec, tenant)
                                .thenComposeAsync(
                                        generation -> new CacheWrites(this, spec, tenant, generation).delete(keys),
                                        Stages.CHAIN),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Integer> invalidateTags(String tenant, String cache, Collection<String> tags) {
        return CacheStages.guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(tags, "tags").forEach(CacheInput::requireTag);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> registry.generation(spec, tenant)
                                .thenComposeAsync(
                                        generation ->
                                                new CacheWrites(this, spec, tenant, generation).deleteTagged(tags),
                                        Stages.CHAIN),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Long> invalidateAll(String tenant, String cache) {
        return CacheStages.guarded(() -> {
                    Names.requireTenant(tenant);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> registry.bump(cache, tenant).thenApply(generation -> {
                            NearCache near = nearCaches.of(cache);
                            if (near != null) {
                                near.clear();
                            }
                            announce(new CacheEvent(CacheEvent.Kind.ALL, cache, tenant, generation, List.of()));
                            return generation;
                        }),
                        Stages.CHAIN);
    }

    // ---- caches and stats

    @Override
    public List<CacheSpec> list() {
        return registry.list();
    }

    @Override
    public CompletionStage<CacheSpec> create(CacheSpec spec) {
        return CacheStages.guarded(() -> registry.create(Arguments.present(spec, "spec")));
    }

    @Override
    public CompletionStage<CacheStats> stats(String cache) {
        return CacheStages.guarded(() -> registry.spec(cache))
                .thenComposeAsync(
                        spec -> CacheStatsTask.gather(
                                hazelcast,
                                cache,
                                () -> remote ? counters.snapshot(cache, 0, 0) : CacheCounters.Snapshot.empty(cache)),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<WarmUpProgress> warmUp(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        return CacheStages.guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(progress, "progress");
                    return registry.spec(cache);
                })
                .thenComposeAsync(spec -> warmUps.start(tenant, cache, progress), Stages.CHAIN);
    }

    @Override
    public void close() {
        events.close();
        nearCaches.close();
    }

    // ---- shared with CacheWrites and LoadFlight

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    IMap<String, CacheEntry> map(CacheSpec spec) {
        return hazelcast.getMap(CacheMaps.mapName(spec.name()));
    }

    IMap<String, TagSet> tags() {
        return hazelcast.getMap(CacheMemberConfig.TAGS);
    }

    CacheCounters counters() {
        return counters;
    }

    Waiters waiters() {
        return waiters;
    }

    void announce(CacheEvent event) {
        events.announce(event);
    }

    /** Logical time for expiry checks of what this process reads: the member clock on members. */
    long now() {
        return remote ? clock.millis() : MemberClock.millis(hazelcast);
    }
}

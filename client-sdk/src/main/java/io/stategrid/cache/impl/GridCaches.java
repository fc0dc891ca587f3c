package io.stategrid.cache.impl;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.stategrid.ErrorCode;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Caches over one map per cache ({@code stategrid-cache.<name>}, key {@code tenant/generation/key}),
 * written and loaded through entry processors on the key's owner and read with plain gets (an entry
 * processor only where a read must write: max idle, near-cache revalidation); a near cache in every
 * process that reads a cache whose settings bound its staleness (remote clients, and members, whose edge
 * serves from it too). Every change is announced on {@value #TOPIC}. Not public API.
 */
final class GridCaches implements CacheService {
    static final String TAGS = "stategrid-cache-tags";
    static final String GENERATIONS = "stategrid-cache-generations";
    static final String TOPIC = "stategrid-cache-invalidations";
    static final String EXECUTOR = "stategrid-cache-loads";
    static final int EXECUTOR_THREADS = 4;
    static final int DEFAULT_NEAR_CACHE_ENTRIES = 10_000;

    private final HazelcastInstance hazelcast;
    private final Locks locks;
    private final Clock clock;
    private final int nearCacheMaxEntries;
    private final boolean remote;
    private final CacheRegistry registry;
    private final CacheCounters counters;
    private final Waiters waiters = new Waiters();
    private final LoadFlight flight;
    private final Map<String, NearCache> nearCaches = new ConcurrentHashMap<>();
    private final List<Consumer<CacheEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ITopic<CacheEvent> topic;
    private final UUID topicRegistration;
    /** Per-partition freshness from the members' watermarks, for the near caches. */
    private final NearCacheRepair repair;

    private final UUID lifecycleRegistration;
    private volatile boolean dropInvalidations;
    private volatile boolean disconnected;

    /** {@code locks} checks the leases that guarded writes name. */
    GridCaches(HazelcastInstance hazelcast, Locks locks) {
        this(hazelcast, locks, Clock.systemUTC(), DEFAULT_NEAR_CACHE_ENTRIES);
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
        this.locks = locks;
        this.clock = clock;
        this.nearCacheMaxEntries = nearCacheMaxEntries;
        this.remote = hazelcast instanceof HazelcastClientProxy;
        this.registry = new CacheRegistry(hazelcast, !remote);
        this.counters = remote ? new CacheCounters() : memberCounters(hazelcast);
        this.flight = new LoadFlight(this);
        if (!remote) {
            WatermarkPublisher.start(hazelcast);
        }
        this.repair = new NearCacheRepair(hazelcast);
        this.topic = hazelcast.getTopic(TOPIC);
        this.topicRegistration = topic.addMessageListener(message -> onEvent(message.getMessageObject()));
        this.lifecycleRegistration =
                remote ? hazelcast.getLifecycleService().addLifecycleListener(this::onLifecycle) : null;
    }

    private static CacheCounters memberCounters(HazelcastInstance member) {
        return MemberContext.computeIfAbsent(member, CacheCounters.class, CacheCounters::new);
    }

    /** The map that holds {@code cache}. */
    static String mapName(String cache) {
        return CacheMaps.mapName(cache);
    }

    /** The Hazelcast map configuration of a cache: TTL and max idle as backstops of the logical ones. */
    static MapConfig mapConfig(CacheSpec spec) {
        long extension = CacheKey.extensionMillis(spec);
        MapConfig config = new MapConfig(mapName(spec.name()))
                .setBackupCount(spec.backups())
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(true);
        if (spec.ttl() != null) {
            config.setTimeToLiveSeconds(seconds(spec.ttl().toMillis() + extension));
        }
        if (spec.maxIdle() != null) {
            config.setMaxIdleSeconds(seconds(spec.maxIdle().toMillis()));
        }
        EvictionConfig eviction = new EvictionConfig()
                .setEvictionPolicy(
                        spec.eviction() == CacheSpec.Eviction.LFU
                                ? EvictionPolicy.LFU
                                : spec.eviction() == CacheSpec.Eviction.NONE
                                        ? EvictionPolicy.NONE
                                        : EvictionPolicy.LRU);
        if (spec.maxEntriesPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(spec.maxEntriesPerMember());
        } else if (spec.maxMemoryMbPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE).setSize(spec.maxMemoryMbPerMember());
        } else {
            eviction.setEvictionPolicy(EvictionPolicy.NONE)
                    .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                    .setSize(Integer.MAX_VALUE);
        }
        return config.setEvictionConfig(eviction);
    }

    /** Whole seconds, rounded up, plus one: Hazelcast's expiry is second-grained and must never come first. */
    private static int seconds(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000 + 1);
    }

    /**
     * Adds the caches' maps to a member's configuration before it starts, and leaves the settings where
     * the member's caches register them for every client to find.
     */
    static void configure(Config memberConfig, List<CacheSpec> specs) {
        for (CacheSpec spec : specs) {
            memberConfig.addMapConfig(mapConfig(spec));
        }
        List<CacheSpec> all = new ArrayList<>(specs);
        if (memberConfig.getUserContext().get(CacheRegistry.CONFIGURED) instanceof List<?> earlier) {
            earlier.forEach(s -> all.add((CacheSpec) s));
        }
        memberConfig.getUserContext().put(CacheRegistry.CONFIGURED, List.copyOf(all));
    }

    @Override
    public CacheSpec spec(String cache) {
        return join(registry.spec(cache));
    }

    /** Calls {@code listener} with every change announced on {@value #TOPIC} (for edge-local caches). */
    AutoCloseable onEvent(Consumer<CacheEvent> listener) {
        listeners.add(Arguments.present(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    @Override
    public void dropInvalidations(boolean drop) {
        this.dropInvalidations = drop;
    }

    @Override
    public void pauseWatermarks(boolean pause) {
        if (!remote) {
            WatermarkPublisher.start(hazelcast).pause(pause);
        }
    }

    @Override
    public int trustedWatermarkSources() {
        return repair.trustedMembers();
    }

    @Override
    public long[] watermarksReceived() {
        return repair.received();
    }

    @Override
    public int nearCacheSize(String cache) {
        NearCache near = nearCaches.get(cache);
        return near == null ? 0 : near.size();
    }

    @Override
    public CacheStats localStats(String cache) {
        return counters.snapshot(cache, 0, 0).toStats();
    }

    // ---- reads

    @Override
    public CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key) {
        Optional<CacheValue> near = nearHit(tenant, cache, key);
        if (near != null) {
            return CompletableFuture.completedFuture(near);
        }
        return chain(
                resolve(tenant, cache, key),
                k -> fetch(k).thenApply(entry -> {
                    long now = now();
                    CacheCounters.One c = counters.of(cache);
                    if (entry != null && entry.hasValue() && !entry.expired(now)) {
                        c.hits.increment();
                        c.hot.read(key);
                        return Optional.of(entry.toValue(false));
                    }
                    c.misses.increment();
                    return Optional.<CacheValue>empty();
                }));
    }

    /**
     * A near-cache hit taken without a stage per step, when the settings, the generation (within the
     * bound) and the entry (within the bound, unexpired) are all at hand; null sends the read down the full
     * path, which also reports bad arguments. The same checks as {@link #fetch} and {@link #get}.
     */
    private Optional<CacheValue> nearHit(String tenant, String cache, String key) {
        if (cache == null || nearCaches.isEmpty()) {
            return null;
        }
        NearCache near = nearCaches.get(cache);
        if (near == null || !Names.isTenant(tenant) || !CacheInput.isKey(key)) {
            return null;
        }
        long nowNanos = System.nanoTime();
        long generation = registry.heldGeneration(cache, tenant, near.boundNanos, nowNanos);
        if (generation < 0) {
            return null;
        }
        NearCache.Held held = near.fresh(new NearCache.Key(tenant, generation, key), nowNanos);
        if (held == null || !held.entry.hasValue() || held.entry.expired(now())) {
            return null;
        }
        near.counters.hits.increment();
        near.counters.hot.read(key);
        return held.value();
    }

    @Override
    public CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys) {
        try {
            Arguments.present(keys, "keys");
            List<String> ordered = List.copyOf(new java.util.LinkedHashSet<>(keys));
            List<CompletableFuture<Optional<CacheValue>>> reads = ordered.stream()
                    .map(k -> get(tenant, cache, k).toCompletableFuture())
                    .toList();
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        Map<String, CacheValue> found = new LinkedHashMap<>();
                        for (int i = 0; i < ordered.size(); i++) {
                            reads.get(i).join().ifPresent(v -> found.put(v.key(), v));
                        }
                        return found;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    @Override
    public CompletionStage<Optional<CacheValue>> getOrLoad(
            String tenant, String cache, String key, CacheLoader loader) {
        return chain(
                resolve(tenant, cache, key),
                k -> fetch(k).thenComposeAsync(
                                entry -> {
                                    long now = now();
                                    CacheCounters.One c = counters.of(cache);
                                    if (entry != null && entry.fresh(now)) {
                                        c.hits.increment();
                                        c.hot.read(key);
                                        if (entry.hasValue()) {
                                            flight.maybeRefreshAhead(k, entry, loader, now);
                                        }
                                        return CompletableFuture.completedFuture(
                                                entry.hasValue()
                                                        ? Optional.of(entry.toValue(false))
                                                        : Optional.<CacheValue>empty());
                                    }
                                    c.misses.increment();
                                    return flight.load(k, loader);
                                },
                                Stages.CHAIN));
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
        return guarded(() -> {
                    Names.requireTenant(tenant);
                    writes.keySet().forEach(CacheInput::requireKey);
                    return registry.spec(cache);
                })
                .thenApply(spec -> {
                    writes.forEach((key, write) -> CacheInput.requireWrite(spec, key, write));
                    return spec;
                })
                .thenComposeAsync(
                        spec -> new Fencing(locks)
                                .guarded(
                                        writes.values().stream()
                                                .map(CacheWrite::fence)
                                                .toList(),
                                        () -> generation(spec, tenant))
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
        return guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(keys, "keys").forEach(CacheInput::requireKey);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> generation(spec, tenant)
                                .thenComposeAsync(
                                        generation -> new CacheWrites(this, spec, tenant, generation).delete(keys),
                                        Stages.CHAIN),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Integer> invalidateTags(String tenant, String cache, Collection<String> tags) {
        return guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(tags, "tags").forEach(CacheInput::requireTag);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> generation(spec, tenant)
                                .thenComposeAsync(
                                        generation ->
                                                new CacheWrites(this, spec, tenant, generation).deleteTagged(tags),
                                        Stages.CHAIN),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Long> invalidateAll(String tenant, String cache) {
        return guarded(() -> {
                    Names.requireTenant(tenant);
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> registry.bump(cache, tenant).thenApply(generation -> {
                            NearCache near = nearCaches.get(cache);
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
        return guarded(() -> registry.create(Arguments.present(spec, "spec")));
    }

    @Override
    public CompletionStage<CacheStats> stats(String cache) {
        return guarded(() -> registry.spec(cache))
                .thenComposeAsync(
                        spec -> {
                            Map<com.hazelcast.cluster.Member, java.util.concurrent.Future<CacheCounters.Snapshot>>
                                    futures = hazelcast
                                            .getExecutorService(EXECUTOR)
                                            .submitToAllMembers(new CacheStatsTask(cache));
                            List<CompletableFuture<CacheCounters.Snapshot>> all = futures.values().stream()
                                    .map(f -> Stages.plain((CompletionStage<CacheCounters.Snapshot>) f))
                                    .toList();
                            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                                    .thenApply(done -> {
                                        CacheCounters.Snapshot sum = remote
                                                ? counters.snapshot(cache, 0, 0)
                                                : CacheCounters.Snapshot.empty(cache);
                                        for (CompletableFuture<CacheCounters.Snapshot> f : all) {
                                            sum = sum.plus(f.join());
                                        }
                                        return sum.toStats();
                                    });
                        },
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<WarmUpProgress> warmUp(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        return guarded(() -> {
                    Names.requireTenant(tenant);
                    Arguments.present(progress, "progress");
                    return registry.spec(cache);
                })
                .thenComposeAsync(
                        spec -> {
                            listenToWarmUps();
                            String job = java.util.UUID.randomUUID().toString();
                            WarmUpWatch watch = new WarmUpWatch(progress);
                            warmUps.put(job, watch);
                            Stages.<WarmUpTask.Started>viaCallback(callback -> hazelcast
                                            .getExecutorService(EXECUTOR)
                                            .submitToKeyOwner(
                                                    new WarmUpTask(tenant, cache, job), tenant + "/" + cache, callback))
                                    .whenComplete((started, failure) -> {
                                        StategridException refused =
                                                failure != null ? StategridException.from(failure) : started.failure();
                                        if (refused != null) {
                                            warmUps.remove(job);
                                            watch.done.completeExceptionally(refused);
                                        }
                                    });
                            return watch.done;
                        },
                        Stages.CHAIN);
    }

    /** A warm-up this client waits for: its progress callback and its end. */
    private record WarmUpWatch(Consumer<WarmUpProgress> progress, CompletableFuture<WarmUpProgress> done) {
        WarmUpWatch(Consumer<WarmUpProgress> progress) {
            this(progress, new CompletableFuture<>());
        }
    }

    private final Map<String, WarmUpWatch> warmUps = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean listeningToWarmUps;

    /** Registers the warm-up listener once (a blocking call: only from {@code Stages.CHAIN}). */
    private synchronized void listenToWarmUps() {
        if (!listeningToWarmUps) {
            hazelcast.<WarmUpTask.Event>getTopic(WarmUpTask.TOPIC).addMessageListener(message -> {
                WarmUpTask.Event event = message.getMessageObject();
                WarmUpWatch watch = warmUps.get(event.job());
                if (watch == null) {
                    return;
                }
                if (event.error() != null) {
                    warmUps.remove(event.job());
                    watch.done.completeExceptionally(StategridException.of(
                            ErrorCode.UNAVAILABLE, "warm-up of %s failed: %s", event.cache(), event.error()));
                } else if (event.progress().done()) {
                    warmUps.remove(event.job());
                    watch.done.complete(event.progress());
                } else {
                    watch.progress.accept(event.progress());
                }
            });
            listeningToWarmUps = true;
        }
    }

    // ---- events

    void announce(CacheEvent event) {
        // Our own near cache drops at once; others when the event reaches them.
        applyLocally(event);
        // Callers may be on a Hazelcast response thread, which must not make remote calls.
        Stages.CHAIN.execute(() -> topic.publishAsync(event));
    }

    private void onEvent(CacheEvent event) {
        if (dropInvalidations) {
            return;
        }
        applyLocally(event);
        for (Consumer<CacheEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(GridCaches.class).warn("cache event listener failed on {}", event, e);
            }
        }
    }

    private void applyLocally(CacheEvent event) {
        NearCache near = nearCaches.get(event.cache());
        if (event.kind() == CacheEvent.Kind.ALL) {
            registry.generationIs(event.cache(), event.tenant(), event.generation());
            if (near != null) {
                near.invalidateIf(k -> k.tenant().equals(event.tenant()));
            }
            return;
        }
        List<String> keys = event.keys();
        for (int i = 0; i < keys.size(); i++) {
            String gridKey = CacheKey.gridKey(event.tenant(), event.generation(), keys.get(i));
            if (near != null && event.kind() != CacheEvent.Kind.LOAD_FAILED) {
                near.invalidate(new NearCache.Key(event.tenant(), event.generation(), keys.get(i)));
            }
            // After the key is dropped: a watermark that counts this change must not find it held.
            repair.applied(event.stamps().get(i));
            waiters.signal(gridKey);
        }
    }

    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
            disconnected = true;
        } else if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED && disconnected) {
            // Invalidations sent while we were away are lost for good (hazelcast#11671): start empty.
            disconnected = false;
            nearCaches.values().forEach(NearCache::clear);
            repair.reset();
            registry.forgetGenerations();
        }
    }

    @Override
    public void close() {
        try {
            topic.removeMessageListener(topicRegistration);
            if (lifecycleRegistration != null) {
                hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
            }
        } catch (RuntimeException e) {
            // the instance is already down: nothing left to unregister from
        }
        repair.close();
        nearCaches.clear();
    }

    // ---- shared with CacheWrites and LoadFlight

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    IMap<String, CacheEntry> map(CacheSpec spec) {
        return hazelcast.getMap(mapName(spec.name()));
    }

    IMap<String, TagSet> tags() {
        return hazelcast.getMap(TAGS);
    }

    CacheCounters counters() {
        return counters;
    }

    Waiters waiters() {
        return waiters;
    }

    NearCache near(CacheSpec spec) {
        if (spec.nearCacheStaleness() == null) {
            return null;
        }
        return nearCaches.computeIfAbsent(
                spec.name(), name -> new NearCache(spec, counters.of(name), nearCacheMaxEntries, repair));
    }

    /** Logical time for expiry checks of what this process reads: the member clock on members. */
    long now() {
        return remote ? clock.millis() : MemberClock.millis(hazelcast);
    }

    private CompletionStage<Long> generation(CacheSpec spec, String tenant) {
        long bound = (spec.nearCacheStaleness() == null
                        ? CacheSpec.DEFAULT_NEAR_CACHE_STALENESS
                        : spec.nearCacheStaleness())
                .toNanos();
        return registry.generation(spec.name(), tenant, bound);
    }

    private CompletionStage<CacheKey> resolve(String tenant, String cache, String key) {
        CompletionStage<CacheSpec> spec = guarded(() -> {
            Names.requireTenant(tenant);
            CacheInput.requireKey(key);
            return registry.spec(cache);
        });
        return chain(
                spec,
                s -> generation(s, tenant)
                        .thenApply(generation -> new CacheKey(
                                s, tenant, key, generation, CacheKey.gridKey(tenant, generation, key), near(s))));
    }

    /**
     * {@code next} after {@code stage}: inline when it is already done (the hot path), else on the chain
     * pool, since on a member a grid future may complete on a partition thread.
     */
    static <T, U> CompletionStage<U> chain(
            CompletionStage<T> stage, java.util.function.Function<T, CompletionStage<U>> next) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        return f.isDone() ? f.thenCompose(next) : f.thenComposeAsync(next, Stages.CHAIN);
    }

    private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
        try {
            return call.get().exceptionally(failure -> {
                throw StategridException.from(failure);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheSpecJson;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which caches exist (the replicated registry {@value CacheMaps#SPECS}: name to settings as JSON) and
 * each tenant's namespace generation ({@value CacheMemberConfig#GENERATIONS}), with local copies: settings are
 * kept for good (a cache's settings never change), generations for at most the cache's staleness bound
 * unless an event updates them sooner.
 */
final class CacheRegistry {
    /** Where {@link CacheMemberConfig#configure} leaves a member's configured caches (its Config's user context). */
    static final String CONFIGURED = "stategrid.cache.configured";

    private record Generation(long value, long stampNanos) {}

    /** A tenant's namespace of one cache (a record, not a joined string: every near-cache hit looks one up). */
    private record Namespace(String cache, String tenant) {}

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> specs;
    private final IMap<String, Long> generations;
    private final Map<String, CacheSpec> known = new ConcurrentHashMap<>();
    private final Map<Namespace, Generation> held = new ConcurrentHashMap<>();

    CacheRegistry(HazelcastInstance hazelcast, boolean member) {
        this.hazelcast = hazelcast;
        this.specs = hazelcast.getMap(CacheMaps.SPECS);
        this.generations = hazelcast.getMap(CacheMemberConfig.GENERATIONS);
        if (member && hazelcast.getUserContext().get(CONFIGURED) instanceof List<?> configured) {
            for (Object o : configured) {
                CacheSpec spec = (CacheSpec) o;
                known.put(spec.name(), spec);
                Stages.CHAIN.execute(() -> specs.putIfAbsent(spec.name(), CacheSpecJson.toJson(spec)));
            }
        }
    }

    CompletionStage<CacheSpec> spec(String cache) {
        CacheSpec spec = known.get(cache);
        if (spec != null) {
            return CompletableFuture.completedFuture(spec);
        }
        return Stages.plain(specs.getAsync(cache)).thenApply(json -> {
            if (json == null) {
                throw StategridException.of(ErrorCode.NOT_FOUND, "no cache '%s'", cache);
            }
            CacheSpec found = CacheSpecJson.fromJson(json);
            known.put(cache, found);
            return found;
        });
    }

    /** The settings of {@code cache} if this process already knows them; null otherwise (no grid call). */
    CacheSpec known(String cache) {
        return known.get(cache);
    }

    List<CacheSpec> list() {
        Map<String, CacheSpec> all = new HashMap<>(known);
        specs.values().forEach(json -> {
            CacheSpec s = CacheSpecJson.fromJson(json);
            all.put(s.name(), s);
        });
        return all.values().stream()
                .sorted(Comparator.comparing(CacheSpec::name))
                .toList();
    }

    /** Registers {@code spec} and adds its map's configuration through Hazelcast's dynamic config. */
    CompletionStage<CacheSpec> create(CacheSpec spec) {
        String json = CacheSpecJson.toJson(spec);
        // Blocking calls (IMap has no async putIfAbsent; dynamic config is blocking), so on the chain pool.
        return CompletableFuture.supplyAsync(
                () -> {
                    String existing = specs.putIfAbsent(spec.name(), json);
                    if (existing != null && !CacheSpecJson.fromJson(existing).equals(spec)) {
                        throw StategridException.of(
                                ErrorCode.CONFLICT, "cache %s exists with other settings: %s", spec.name(), existing);
                    }
                    // Idempotent for an equal configuration.
                    hazelcast.getConfig().addMapConfig(CacheMemberConfig.mapConfig(spec));
                    known.put(spec.name(), spec);
                    return spec;
                },
                Stages.CHAIN);
    }

    private static String generationKey(String cache, String tenant) {
        return cache + "/" + tenant;
    }

    /** The tenant's current generation of {@code cache}, as known at most {@code boundNanos} ago. */
    CompletionStage<Long> generation(String cache, String tenant, long boundNanos) {
        Namespace ns = new Namespace(cache, tenant);
        Generation g = held.get(ns);
        long start = System.nanoTime();
        if (g != null && start - g.stampNanos() < boundNanos) {
            return CompletableFuture.completedFuture(g.value());
        }
        return Stages.plain(generations.getAsync(generationKey(cache, tenant))).thenApply(value -> {
            long v = value == null ? 0 : value;
            held.merge(ns, new Generation(v, start), (a, b) -> b.value() >= a.value() ? b : a);
            return Math.max(v, held.get(ns).value());
        });
    }

    /**
     * The tenant's current generation of {@code spec}'s cache, as known at most the cache's staleness
     * bound ago (the default bound for a cache without a near cache).
     */
    CompletionStage<Long> generation(CacheSpec spec, String tenant) {
        long bound = (spec.nearCacheStaleness() == null
                        ? CacheSpec.DEFAULT_NEAR_CACHE_STALENESS
                        : spec.nearCacheStaleness())
                .toNanos();
        return generation(spec.name(), tenant, bound);
    }

    /** The tenant's generation of {@code cache} if known within {@code boundNanos}; -1 otherwise (no grid call). */
    long heldGeneration(String cache, String tenant, long boundNanos, long nowNanos) {
        Generation g = held.get(new Namespace(cache, tenant));
        return g != null && nowNanos - g.stampNanos() < boundNanos ? g.value() : -1;
    }

    /** Learns of a newer generation (from an event, or our own bump). */
    void generationIs(String cache, String tenant, long generation) {
        held.merge(
                new Namespace(cache, tenant),
                new Generation(generation, System.nanoTime()),
                (a, b) -> b.value() >= a.value() ? b : a);
    }

    CompletionStage<Long> bump(String cache, String tenant) {
        return Stages.plain(generations.submitToKey(generationKey(cache, tenant), new BumpGeneration()))
                .thenApply(next -> {
                    generationIs(cache, tenant, next);
                    return next;
                });
    }

    void forgetGenerations() {
        held.clear();
    }
}

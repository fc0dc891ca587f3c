package io.stategrid.cache.impl;

import io.stategrid.StategridException;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The reads of one process: a near-cache hit when one may be served, else the entry as the owner has
 * it (plain get, or a processor where a read must write), counted as a hit or a miss, and on a miss of
 * {@code getOrLoad} a load with cluster-wide single flight ({@link LoadFlight}).
 */
final class CacheReads {
    private final CacheRegistry registry;
    private final NearCaches nearCaches;
    private final CacheCounters counters;
    private final LoadFlight flight;
    /** Logical time for expiry checks of what this process reads. */
    private final LongSupplier millis;

    CacheReads(
            CacheRegistry registry,
            NearCaches nearCaches,
            CacheCounters counters,
            LoadFlight flight,
            LongSupplier now) {
        this.registry = registry;
        this.nearCaches = nearCaches;
        this.counters = counters;
        this.flight = flight;
        this.millis = now;
    }

    CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key) {
        Optional<CacheValue> near = nearCaches.hit(tenant, cache, key);
        if (near != null) {
            return CompletableFuture.completedFuture(near);
        }
        return CacheStages.chain(
                resolve(tenant, cache, key),
                k -> nearCaches.fetch(k).thenApply(entry -> {
                    long now = millis.getAsLong();
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

    CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys) {
        try {
            Arguments.present(keys, "keys");
            List<String> ordered = List.copyOf(new LinkedHashSet<>(keys));
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

    CompletionStage<Optional<CacheValue>> getOrLoad(String tenant, String cache, String key, CacheLoader loader) {
        return CacheStages.chain(
                resolve(tenant, cache, key),
                k -> nearCaches
                        .fetch(k)
                        .thenComposeAsync(
                                entry -> {
                                    long now = millis.getAsLong();
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

    /** The call's key resolved against the cache's settings and the tenant's generation. */
    private CompletionStage<CacheKey> resolve(String tenant, String cache, String key) {
        CompletionStage<CacheSpec> spec = CacheStages.guarded(() -> {
            Names.requireTenant(tenant);
            CacheInput.requireKey(key);
            return registry.spec(cache);
        });
        return CacheStages.chain(
                spec,
                s -> registry.generation(s, tenant)
                        .thenApply(generation -> new CacheKey(
                                s,
                                tenant,
                                key,
                                generation,
                                CacheKey.gridKey(tenant, generation, key),
                                nearCaches.near(s))));
    }
}

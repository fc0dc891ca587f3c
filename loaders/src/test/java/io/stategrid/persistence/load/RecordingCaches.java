package io.stategrid.persistence.load;

import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheStats;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.cache.Caches;
import io.stategrid.cache.WarmUpProgress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A cache that only remembers what warm-ups write to it (tenant/cache/key), for tests of the loaders module. */
final class RecordingCaches implements Caches {
    final Map<String, CacheValue> entries = new ConcurrentHashMap<>();
    final AtomicInteger putAllCalls = new AtomicInteger();

    @Override
    public CompletionStage<Void> putAll(String tenant, String cache, Map<String, CacheWrite> writes) {
        putAllCalls.incrementAndGet();
        // Completed on another thread, as the grid does.
        return CompletableFuture.runAsync(() -> writes.forEach((key, write) -> entries.put(
                tenant + "/" + cache + "/" + key,
                new CacheValue(key, write.value(), write.contentType(), 1, write.tags(), Instant.now(), null, false))));
    }

    @Override
    public CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(entries.get(tenant + "/" + cache + "/" + key)));
    }

    @Override
    public CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<CacheValue>> getOrLoad(
            String tenant, String cache, String key, CacheLoader loader) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<CacheValue> put(String tenant, String cache, String key, CacheWrite write) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Boolean> delete(String tenant, String cache, String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Integer> invalidateKeys(String tenant, String cache, Collection<String> keys) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Integer> invalidateTags(String tenant, String cache, Collection<String> tags) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Long> invalidateAll(String tenant, String cache) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CacheSpec> list() {
        return List.of();
    }

    @Override
    public CompletionStage<CacheSpec> create(CacheSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<CacheStats> stats(String cache) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<WarmUpProgress> warmUp(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        throw new UnsupportedOperationException();
    }
}

package io.stategrid.cache;

import io.stategrid.StategridException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The blocking forms of {@link Caches}: each call waits for its stage and throws its failure as the
 * {@link StategridException} the stage carried. Never call these on an event loop.
 */
public final class BlockingCaches {
    private final Caches caches;

    BlockingCaches(Caches caches) {
        this.caches = caches;
    }

    public Optional<CacheValue> get(String tenant, String cache, String key) {
        return await(caches.get(tenant, cache, key));
    }

    public Map<String, CacheValue> getAll(String tenant, String cache, Collection<String> keys) {
        return await(caches.getAll(tenant, cache, keys));
    }

    public Optional<CacheValue> getOrLoad(String tenant, String cache, String key, CacheLoader loader) {
        return await(caches.getOrLoad(tenant, cache, key, loader));
    }

    public CacheValue put(String tenant, String cache, String key, CacheWrite write) {
        return await(caches.put(tenant, cache, key, write));
    }

    public void putAll(String tenant, String cache, Map<String, CacheWrite> writes) {
        await(caches.putAll(tenant, cache, writes));
    }

    public boolean delete(String tenant, String cache, String key) {
        return await(caches.delete(tenant, cache, key));
    }

    public int invalidateKeys(String tenant, String cache, Collection<String> keys) {
        return await(caches.invalidateKeys(tenant, cache, keys));
    }

    public int invalidateTags(String tenant, String cache, Collection<String> tags) {
        return await(caches.invalidateTags(tenant, cache, tags));
    }

    public long invalidateAll(String tenant, String cache) {
        return await(caches.invalidateAll(tenant, cache));
    }

    public WarmUpProgress warmUp(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        return await(caches.warmUp(tenant, cache, progress));
    }

    public CacheStats stats(String cache) {
        return await(caches.stats(cache));
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            throw StategridException.from(e);
        }
    }
}

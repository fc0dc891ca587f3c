package io.stategrid.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Named caches: each key's value lives on its owner member (plus backups), per tenant. Failures
 * arrive as {@link io.stategrid.StategridException}: {@code NOT_FOUND} for an unknown cache,
 * {@code INVALID_ARGUMENT} for a bad key, TTL, tag or JSON value, {@code PAYLOAD_TOO_LARGE} over the
 * cache's value limit, {@code FENCED} for a stale guarded write.
 */
public interface Caches {
    /** The value of {@code key}; empty on a miss (no read-through: see {@link #getOrLoad}). */
    CompletionStage<Optional<CacheValue>> get(String tenant, String cache, String key);

    /** The values of those keys that are present. */
    CompletionStage<Map<String, CacheValue>> getAll(String tenant, String cache, Collection<String> keys);

    /**
     * The value of {@code key}, loading it on a miss with cluster-wide single flight: while one caller
     * anywhere loads a key, the others wait for its result (or get the stale value under
     * stale-while-revalidate) and never run their loader. {@code loader} null uses the cache's
     * configured loader. Empty when the loader found nothing.
     */
    CompletionStage<Optional<CacheValue>> getOrLoad(String tenant, String cache, String key, CacheLoader loader);

    CompletionStage<CacheValue> put(String tenant, String cache, String key, CacheWrite write);

    CompletionStage<Void> putAll(String tenant, String cache, Map<String, CacheWrite> writes);

    /** Removes {@code key}; false if it was absent. */
    CompletionStage<Boolean> delete(String tenant, String cache, String key);

    /** Removes these keys everywhere (owners and near caches); the count removed. */
    CompletionStage<Integer> invalidateKeys(String tenant, String cache, Collection<String> keys);

    /** Removes the entries carrying any of {@code tags}, through the tag index (never a scan); the count removed. */
    CompletionStage<Integer> invalidateTags(String tenant, String cache, Collection<String> tags);

    /** Makes every key of the tenant's cache miss at once (a new namespace generation); the new generation. */
    CompletionStage<Long> invalidateAll(String tenant, String cache);

    /** The caches that exist, with their settings. */
    List<CacheSpec> list();

    /** Creates a cache at run time on every member. {@code CONFLICT} if one of that name exists with other settings. */
    CompletionStage<CacheSpec> create(CacheSpec spec);

    CompletionStage<CacheStats> stats(String cache);

    /**
     * Loads every row of the cache's {@code loader.warmUpSql} into the tenant's cache, on a member,
     * calling {@code progress} after every batch (on a Hazelcast event thread: keep it short). Completes
     * with the final progress. {@code INVALID_ARGUMENT} for a cache without a warm-up query,
     * {@code CONFLICT} while a warm-up of the same tenant and cache runs.
     */
    CompletionStage<WarmUpProgress> warmUp(String tenant, String cache, Consumer<WarmUpProgress> progress);

    /** The same calls, blocking until each completes. */
    default BlockingCaches blocking() {
        return new BlockingCaches(this);
    }
}

package io.stategrid.cache;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Produces the value of a missing key: the caller's own in {@link Caches#getOrLoad}, or a cache's
 * configured read-through loader (the SQL loader, or a {@link CacheLoaderProvider} found by
 * {@link java.util.ServiceLoader} on members). Empty means "no such value" (cached as a miss when the
 * cache has a negative TTL). A failure is reported to the caller, or served around with the old value
 * when the cache allows stale-if-error.
 */
@FunctionalInterface
public interface CacheLoader {
    CompletionStage<Optional<CacheWrite>> load(String tenant, String key);
}

package io.stategrid.cache;

import io.stategrid.lock.Fence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * What to write to a cache key.
 *
 * @param value       the bytes; JSON text as UTF-8 when {@code contentType} is {@code application/json}
 *                    (validated as JSON)
 * @param contentType media type; {@code application/json} by default
 * @param ttl         overrides the cache's TTL for this entry; null for the cache's
 * @param tags        tags for {@link Caches#invalidateTags}; at most 16 of 1-128 characters
 * @param fence       a guarded write (see {@link io.stategrid.lock.Fence}); null for none
 */
public record CacheWrite(byte[] value, String contentType, Duration ttl, Set<String> tags, Fence fence) {
    public CacheWrite {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        contentType = contentType == null ? CacheValue.JSON : contentType;
    }

    /** A JSON value with the cache's TTL and no tags. */
    public static CacheWrite json(String json) {
        return new CacheWrite(json.getBytes(StandardCharsets.UTF_8), CacheValue.JSON, null, Set.of(), null);
    }

    public CacheWrite withTtl(Duration newTtl) {
        return new CacheWrite(value, contentType, newTtl, tags, fence);
    }

    public CacheWrite withTags(String... newTags) {
        return new CacheWrite(value, contentType, ttl, Set.of(newTags), fence);
    }

    public CacheWrite fenced(Fence newFence) {
        return new CacheWrite(value, contentType, ttl, tags, newFence);
    }
}

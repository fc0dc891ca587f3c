package io.stategrid.cache;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One cached value.
 *
 * @param key         the key as the caller gave it
 * @param value       the bytes (UTF-8 JSON when {@code contentType} is {@code application/json})
 * @param contentType the media type of {@code value}; {@code application/json} unless written otherwise
 * @param version     grows with every write of this key; the edge's strong ETag
 * @param tags        the tags the entry was written with, for invalidation by tag
 * @param writtenAt   when it was written or loaded (member clock)
 * @param expiresAt   when it stops being served, or null for never (the cache's TTL or the write's)
 * @param stale       true when served past its freshness (stale-while-revalidate, stale-if-error)
 */
public record CacheValue(
        String key,
        byte[] value,
        String contentType,
        long version,
        Set<String> tags,
        Instant writtenAt,
        Instant expiresAt,
        boolean stale) {
    public static final String JSON = "application/json";

    public CacheValue {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** The value as UTF-8 text. */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheValue o
                && key.equals(o.key)
                && Arrays.equals(value, o.value)
                && contentType.equals(o.contentType)
                && version == o.version
                && tags.equals(o.tags)
                && writtenAt.equals(o.writtenAt)
                && Objects.equals(expiresAt, o.expiresAt)
                && stale == o.stale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), contentType, version, tags, writtenAt, expiresAt, stale);
    }

    @Override
    public String toString() {
        return "CacheValue[" + key + " v" + version + ", " + value.length + " bytes " + contentType + ", tags " + tags
                + (stale ? ", stale" : "") + "]";
    }
}

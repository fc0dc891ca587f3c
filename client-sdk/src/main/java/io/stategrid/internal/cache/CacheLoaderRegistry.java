package io.stategrid.internal.cache;

import io.stategrid.cache.CacheLoader;

/**
 * The configured read-through loaders of one member, by cache name; loads sent to a key's owner look
 * their loader up here. Kept in the member's {@code MemberContext}. Not public API.
 */
public interface CacheLoaderRegistry {
    /** Makes {@code loader} the configured loader of {@code cache} on this member, replacing any earlier one. */
    void register(String cache, CacheLoader loader);
}

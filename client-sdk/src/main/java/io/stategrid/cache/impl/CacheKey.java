package io.stategrid.cache.impl;

import io.stategrid.cache.CacheSpec;

/**
 * One key of one call, resolved: the cache's settings, the tenant's generation and the key the grid
 * stores it under ({@code tenant/generation/key}, the one place that builds it).
 */
record CacheKey(CacheSpec spec, String tenant, String key, long generation, String gridKey, NearCache near) {
    static String gridKey(String tenant, long generation, String key) {
        return tenant + "/" + generation + "/" + key;
    }

    NearCache.Key nearKey() {
        return new NearCache.Key(tenant, generation, key);
    }

    /** The caller's key inside a grid key. */
    static String callerKey(String gridKey) {
        int first = gridKey.indexOf('/');
        return gridKey.substring(gridKey.indexOf('/', first + 1) + 1);
    }

    static String tagKey(String cache, String tenant, long generation, String tag) {
        return cache + "/" + tenant + "/" + generation + "/" + tag;
    }

    /** Real time past logical expiry an entry must stay for stale serving. */
    long extensionMillis() {
        return extensionMillis(spec);
    }

    static long extensionMillis(CacheSpec spec) {
        long swr = spec.staleWhileRevalidate() == null
                ? 0
                : spec.staleWhileRevalidate().toMillis();
        long sie = spec.staleIfError() == null ? 0 : spec.staleIfError().toMillis();
        return Math.max(swr, sie);
    }

    long maxIdleMillis() {
        return spec.maxIdle() == null ? 0 : spec.maxIdle().toMillis();
    }

    long ttlMillis() {
        return spec.ttl() == null ? 0 : spec.ttl().toMillis();
    }
}

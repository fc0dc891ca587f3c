package io.stategrid.cache;

import java.time.Duration;

/**
 * A named cache's settings, from {@code caches:} in {@code stategrid.yaml} or created at run time.
 *
 * @param name               1-64 characters of {@code [A-Za-z0-9._-]}
 * @param ttl                how long an entry is served after it was written; null for no limit
 * @param maxIdle            an entry not read for this long is dropped; null for no limit
 * @param maxEntriesPerMember entry bound per member (0: none); evicted by {@code eviction}
 * @param maxMemoryMbPerMember heap bound per member in MiB (0: none); evicted by {@code eviction}
 * @param eviction           {@code LRU}, {@code LFU} or {@code NONE}
 * @param backups            synchronous backups of each entry (0-3)
 * @param persistence        {@code none}, {@code write-through} or {@code write-behind} (PostgreSQL)
 * @param loader             the read-through loader, or null for none
 * @param negativeTtl        how long a load that found nothing is remembered; null to not remember
 * @param staleWhileRevalidate after the TTL, serve the old value this long while one reload runs; null for none
 * @param refreshAhead       a read in the last this-fraction of the TTL (0-1) starts one background reload; 0 for off
 * @param staleIfError       when the loader fails, serve the old value up to this long past its TTL; null for none
 * @param nearCacheStaleness SDK near caches of this cache serve a value at most this old (default 100 ms); null for no near cache
 * @param maxValueBytes      largest value accepted
 */
public record CacheSpec(String name, Duration ttl, Duration maxIdle, int maxEntriesPerMember, int maxMemoryMbPerMember,
                        Eviction eviction, int backups, String persistence, LoaderSpec loader, Duration negativeTtl,
                        Duration staleWhileRevalidate, double refreshAhead, Duration staleIfError,
                        Duration nearCacheStaleness, int maxValueBytes) {
    public enum Eviction { LRU, LFU, NONE }

    /**
     * A read-through loader: a parameterised SQL query ({@code ?} is the key, one row, its first column
     * the JSON value) and the query that lists every key for warm-up; or a provider's name.
     */
    public record LoaderSpec(String sql, String warmUpSql, String provider) {
    }
}

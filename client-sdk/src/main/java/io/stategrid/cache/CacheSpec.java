package io.stategrid.cache;

import io.stategrid.StategridException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named cache's settings, from {@code caches:} in {@code stategrid.yaml} or created at run time.
 * Validated on construction: a bad setting is {@code INVALID_ARGUMENT} naming the setting and value.
 * {@link #builder(String)} starts from the defaults.
 *
 * @param name               1-64 characters of {@code [A-Za-z0-9._-]}
 * @param ttl                how long an entry is served after it was written; null for no limit
 * @param maxIdle            an entry not read for this long is dropped; null for no limit
 * @param maxEntriesPerMember entry bound per member (0: none); evicted by {@code eviction}
 * @param maxMemoryMbPerMember heap bound per member in MiB (0: none); evicted by {@code eviction}
 * @param eviction           {@code LRU}, {@code LFU} or {@code NONE}; null means LRU
 * @param backups            synchronous backups of each entry (0-3)
 * @param persistence        {@code none}, {@code write-through} or {@code write-behind} (PostgreSQL); null means none
 * @param loader             the read-through loader, or null for none
 * @param negativeTtl        how long a load that found nothing is remembered; null to not remember
 * @param staleWhileRevalidate after the TTL, serve the old value this long while one reload runs; null for none
 * @param refreshAhead       a read in the last this-fraction of the TTL (0-1) starts one background reload; 0 for off
 * @param staleIfError       when the loader fails, serve the old value up to this long past its TTL; null for none
 * @param nearCacheStaleness SDK near caches of this cache serve a value at most this old (default 100 ms); null for no near cache
 * @param maxValueBytes      largest value accepted; 0 means {@value #DEFAULT_MAX_VALUE_BYTES}
 */
public record CacheSpec(
        String name,
        Duration ttl,
        Duration maxIdle,
        int maxEntriesPerMember,
        int maxMemoryMbPerMember,
        Eviction eviction,
        int backups,
        String persistence,
        LoaderSpec loader,
        Duration negativeTtl,
        Duration staleWhileRevalidate,
        double refreshAhead,
        Duration staleIfError,
        Duration nearCacheStaleness,
        int maxValueBytes) {
    public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
    /** Largest value any cache accepts: a value is one entry on one partition thread. */
    public static final int MAX_VALUE_BYTES_LIMIT = 64 * 1024 * 1024;

    public static final Duration DEFAULT_NEAR_CACHE_STALENESS = Duration.ofMillis(100);
    /** Longest TTL (cache or per write): a year; "forever" is a null TTL. */
    public static final Duration MAX_TTL = Duration.ofDays(366);

    public static final Set<String> PERSISTENCE_MODES = Set.of("none", "write-through", "write-behind");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._\\-]{1,64}$");

    public enum Eviction {
        LRU,
        LFU,
        NONE
    }

    public CacheSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StategridException.invalid("cache name must be 1-64 characters of [A-Za-z0-9._-], got '%s'", name);
        }
        checkDuration(name, "ttl", ttl);
        checkDuration(name, "maxIdle", maxIdle);
        checkDuration(name, "negativeTtl", negativeTtl);
        checkDuration(name, "staleWhileRevalidate", staleWhileRevalidate);
        checkDuration(name, "staleIfError", staleIfError);
        checkDuration(name, "nearCacheStaleness", nearCacheStaleness);
        if (maxEntriesPerMember < 0 || maxMemoryMbPerMember < 0) {
            throw StategridException.invalid(
                    "cache %s: maxEntriesPerMember and maxMemoryMbPerMember must be >= 0, got %d" + " and %d",
                    name, maxEntriesPerMember, maxMemoryMbPerMember);
        }
        if (maxEntriesPerMember > 0 && maxMemoryMbPerMember > 0) {
            throw StategridException.invalid(
                    "cache %s: set maxEntriesPerMember or maxMemoryMbPerMember, not both", name);
        }
        eviction = eviction == null ? Eviction.LRU : eviction;
        if (backups < 0 || backups > 3) {
            throw StategridException.invalid("cache %s: backups must be 0-3, got %d", name, backups);
        }
        persistence = persistence == null ? "none" : persistence;
        if (!PERSISTENCE_MODES.contains(persistence)) {
            throw StategridException.invalid(
                    "cache %s: persistence must be one of %s, got '%s'", name, PERSISTENCE_MODES, persistence);
        }
        if (!(refreshAhead >= 0 && refreshAhead < 1)) {
            throw StategridException.invalid("cache %s: refreshAhead must be in [0, 1), got %s", name, refreshAhead);
        }
        if (refreshAhead > 0 && ttl == null) {
            throw StategridException.invalid("cache %s: refreshAhead needs a ttl", name);
        }
        maxValueBytes = maxValueBytes == 0 ? DEFAULT_MAX_VALUE_BYTES : maxValueBytes;
        if (maxValueBytes < 0 || maxValueBytes > MAX_VALUE_BYTES_LIMIT) {
            throw StategridException.invalid(
                    "cache %s: maxValueBytes must be 1-%d, got %d", name, MAX_VALUE_BYTES_LIMIT, maxValueBytes);
        }
    }

    private static void checkDuration(String cache, String setting, Duration value) {
        if (value != null && (value.isNegative() || value.isZero() || value.compareTo(MAX_TTL) > 0)) {
            throw StategridException.invalid(
                    "cache %s: %s must be > 0 and <= %s (or absent), got %s", cache, setting, MAX_TTL, value);
        }
    }

    /** Settings with the defaults: no TTL, no bound, LRU, 1 backup, no persistence, 100 ms near caches. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.ttl = ttl;
        b.maxIdle = maxIdle;
        b.maxEntriesPerMember = maxEntriesPerMember;
        b.maxMemoryMbPerMember = maxMemoryMbPerMember;
        b.eviction = eviction;
        b.backups = backups;
        b.persistence = persistence;
        b.loader = loader;
        b.negativeTtl = negativeTtl;
        b.staleWhileRevalidate = staleWhileRevalidate;
        b.refreshAhead = refreshAhead;
        b.staleIfError = staleIfError;
        b.nearCacheStaleness = nearCacheStaleness;
        b.maxValueBytes = maxValueBytes;
        return b;
    }

    /**
     * A read-through loader: a parameterised SQL query ({@code ?} is the key, one row, its first column
     * the JSON value) and the query that lists every key for warm-up; or a provider's name.
     */
    public record LoaderSpec(String sql, String warmUpSql, String provider) {
        public LoaderSpec {
            if ((sql == null) == (provider == null)) {
                throw StategridException.invalid(
                        "a cache loader needs either sql or provider (exactly one), got sql=%s," + " provider=%s",
                        sql, provider);
            }
        }

        public static LoaderSpec provider(String name) {
            return new LoaderSpec(null, null, name);
        }
    }

    /** Fluent settings; {@link #build()} validates them all. */
    public static final class Builder {
        private final String name;
        private Duration ttl;
        private Duration maxIdle;
        private int maxEntriesPerMember;
        private int maxMemoryMbPerMember;
        private Eviction eviction = Eviction.LRU;
        private int backups = 1;
        private String persistence = "none";
        private LoaderSpec loader;
        private Duration negativeTtl;
        private Duration staleWhileRevalidate;
        private double refreshAhead;
        private Duration staleIfError;
        private Duration nearCacheStaleness = DEFAULT_NEAR_CACHE_STALENESS;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

        private Builder(String name) {
            this.name = name;
        }

        public Builder ttl(Duration value) {
            ttl = value;
            return this;
        }

        public Builder maxIdle(Duration value) {
            maxIdle = value;
            return this;
        }

        public Builder maxEntriesPerMember(int value) {
            maxEntriesPerMember = value;
            return this;
        }

        public Builder maxMemoryMbPerMember(int value) {
            maxMemoryMbPerMember = value;
            return this;
        }

        public Builder eviction(Eviction value) {
            eviction = value;
            return this;
        }

        public Builder backups(int value) {
            backups = value;
            return this;
        }

        public Builder persistence(String value) {
            persistence = value;
            return this;
        }

        public Builder loader(LoaderSpec value) {
            loader = value;
            return this;
        }

        public Builder negativeTtl(Duration value) {
            negativeTtl = value;
            return this;
        }

        public Builder staleWhileRevalidate(Duration value) {
            staleWhileRevalidate = value;
            return this;
        }

        public Builder refreshAhead(double value) {
            refreshAhead = value;
            return this;
        }

        public Builder staleIfError(Duration value) {
            staleIfError = value;
            return this;
        }

        public Builder nearCacheStaleness(Duration value) {
            nearCacheStaleness = value;
            return this;
        }

        public Builder maxValueBytes(int value) {
            maxValueBytes = value;
            return this;
        }

        public CacheSpec build() {
            return new CacheSpec(
                    name,
                    ttl,
                    maxIdle,
                    maxEntriesPerMember,
                    maxMemoryMbPerMember,
                    eviction,
                    backups,
                    persistence,
                    loader,
                    negativeTtl,
                    staleWhileRevalidate,
                    refreshAhead,
                    staleIfError,
                    nearCacheStaleness,
                    maxValueBytes);
        }
    }
}

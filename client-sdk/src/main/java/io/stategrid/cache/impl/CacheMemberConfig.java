package io.stategrid.cache.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.cache.CacheMaps;
import java.util.ArrayList;
import java.util.List;

/**
 * What the caches configure on a member: the map of each cache (its TTL and max idle as backstops of the
 * logical ones, backups, eviction), the tag index's format and the executor that runs configured loads.
 */
final class CacheMemberConfig {
    static final String TAGS = "stategrid-cache-tags";
    static final String GENERATIONS = "stategrid-cache-generations";
    static final String EXECUTOR = "stategrid-cache-loads";
    static final int EXECUTOR_THREADS = 4;

    private CacheMemberConfig() {}

    /** The member defaults of the cache domain. */
    static void configureDefaults(Config config) {
        // The cache tag index works on the object itself: a tag listing a million keys would otherwise be
        // deserialized, copied and serialized again for every tagged write.
        config.getMapConfig(TAGS).setInMemoryFormat(InMemoryFormat.OBJECT);
        // Configured cache loads block on JDBC or HTTP; a small pool bounds what one member runs at once.
        if (!config.getExecutorConfigs().containsKey(EXECUTOR)) {
            config.getExecutorConfig(EXECUTOR).setPoolSize(EXECUTOR_THREADS);
        }
    }

    /**
     * Adds the caches' maps to a member's configuration before it starts, and leaves the settings where
     * the member's caches register them for every client to find.
     */
    static void configure(Config memberConfig, List<CacheSpec> specs) {
        for (CacheSpec spec : specs) {
            memberConfig.addMapConfig(mapConfig(spec));
        }
        List<CacheSpec> all = new ArrayList<>(specs);
        if (memberConfig.getUserContext().get(CacheRegistry.CONFIGURED) instanceof List<?> earlier) {
            earlier.forEach(s -> all.add((CacheSpec) s));
        }
        memberConfig.getUserContext().put(CacheRegistry.CONFIGURED, List.copyOf(all));
    }

    /** The Hazelcast map configuration of a cache: TTL and max idle as backstops of the logical ones. */
    static MapConfig mapConfig(CacheSpec spec) {
        long extension = CacheKey.extensionMillis(spec);
        MapConfig config = new MapConfig(CacheMaps.mapName(spec.name()))
                .setBackupCount(spec.backups())
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(true);
        if (spec.ttl() != null) {
            config.setTimeToLiveSeconds(seconds(spec.ttl().toMillis() + extension));
        }
        if (spec.maxIdle() != null) {
            config.setMaxIdleSeconds(seconds(spec.maxIdle().toMillis()));
        }
        EvictionConfig eviction = new EvictionConfig()
                .setEvictionPolicy(
                        spec.eviction() == CacheSpec.Eviction.LFU
                                ? EvictionPolicy.LFU
                                : spec.eviction() == CacheSpec.Eviction.NONE
                                        ? EvictionPolicy.NONE
                                        : EvictionPolicy.LRU);
        if (spec.maxEntriesPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(spec.maxEntriesPerMember());
        } else if (spec.maxMemoryMbPerMember() > 0) {
            eviction.setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE).setSize(spec.maxMemoryMbPerMember());
        } else {
            eviction.setEvictionPolicy(EvictionPolicy.NONE)
                    .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                    .setSize(Integer.MAX_VALUE);
        }
        return config.setEvictionConfig(eviction);
    }

    /** Whole seconds, rounded up, plus one: Hazelcast's expiry is second-grained and must never come first. */
    private static int seconds(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000 + 1);
    }
}

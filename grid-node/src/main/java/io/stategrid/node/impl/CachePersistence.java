package io.stategrid.node.impl;

import com.hazelcast.config.Config;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.cache.CacheEntry;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.loaders.CacheCodec;
import io.stategrid.loaders.PersistenceContext;
import io.stategrid.loaders.PersistenceMode;
import io.stategrid.loaders.PersistentMapSpec;
import io.stategrid.loaders.PersistentMaps;
import io.stategrid.node.NodeOptions;
import java.util.List;

/**
 * Gives caches with {@code persistence: write-through|write-behind} a PostgreSQL MapStore through
 * {@link PersistentMaps#configureCache}, tuned by {@code persistence.*} and {@code persistence.maps}
 * overrides of {@code stategrid-cache.<name>}; the cache's own mode wins over the override's. Call after
 * {@code CacheFactory.configure}. Not public API.
 */
public final class CachePersistence {
    private CachePersistence() {}

    public static void configure(
            Config config, List<CacheSpec> caches, NodeOptions.Persistence persistence, PersistenceContext context) {
        for (CacheSpec cache : caches) {
            if (cache.persistence().equals("none")) {
                continue;
            }
            PersistentMapSpec<CacheEntry> tuned =
                    persistence.spec(CacheMaps.mapName(cache.name()), CacheCodec.INSTANCE);
            PersistenceMode mode = cache.persistence().equals("write-through")
                    ? PersistenceMode.WRITE_THROUGH
                    : PersistenceMode.WRITE_BEHIND;
            PersistentMaps.configureCache(
                    config,
                    new PersistentMapSpec<>(
                            tuned.mapName(),
                            tuned.codec(),
                            mode,
                            tuned.writeDelay(),
                            tuned.batchSize(),
                            tuned.coalescing(),
                            tuned.eagerLoad(),
                            tuned.deadLetterAttempts()),
                    context);
        }
    }
}

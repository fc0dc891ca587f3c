package io.stategrid.node;

import com.hazelcast.config.Config;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.cache.CacheEntry;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.persistence.codec.CacheCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistenceMode;
import io.stategrid.persistence.store.PersistentMapSpec;
import java.util.List;

/**
 * Gives caches with {@code persistence: write-through|write-behind} a PostgreSQL MapStore through
 * {@link PersistentMaps#configureCache}, tuned by {@code persistence.*} and {@code persistence.maps}
 * overrides of {@code stategrid-cache.<name>}; the cache's own mode wins over the override's. Call after
 * {@code CacheFactory.configure}.
 */
final class CachePersistence {
    private CachePersistence() {}

    static void configure(
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

package io.stategrid.node.impl;

import com.hazelcast.config.Config;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.loaders.PersistenceContext;
import io.stategrid.node.NodeOptions;

import java.util.List;

/**
 * Gives caches with {@code persistence: write-through|write-behind} a PostgreSQL MapStore through
 * {@code PersistentMaps}, tuned by {@code persistence.*} and {@code persistence.maps} overrides of
 * {@code stategrid-cache.<name>}; the cache's own mode wins over the override's. Not public API.
 */
public final class CachePersistence {
    private CachePersistence() {
    }

    public static void configure(Config config, List<CacheSpec> caches, NodeOptions.Persistence persistence,
                                 PersistenceContext context) {
        for (CacheSpec cache : caches) {
            if (!cache.persistence().equals("none")) {
                // Waits for the cache engine's CacheCodec (loaders): until it lands, refuse rather than run
                // a "persistent" cache that stores nothing.
                throw StategridException.invalid("caches: cache '%s': persistence '%s' is not available in this build yet",
                        cache.name(), cache.persistence());
            }
        }
    }
}

package io.stategrid.cache.impl;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheLoaderProvider;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheLoaderRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured read-through loaders of one member, by cache name: the node registers its SQL loaders
 * here at start (through {@code CacheFactory.loaders}); provider loaders are created
 * on first use from the {@link CacheLoaderProvider}s that {@link ServiceLoader} finds. Loads sent to a
 * key's owner (see {@link CacheLoadTask}) look their loader up here. Not public API.
 */
final class CacheLoaders implements CacheLoaderRegistry {
    private final Map<String, CacheLoader> byCache = new ConcurrentHashMap<>();

    /** The loaders of {@code member}, put in its {@link MemberContext} on first use. */
    static CacheLoaders of(HazelcastInstance member) {
        return MemberContext.computeIfAbsent(member, CacheLoaders.class, CacheLoaders::new);
    }

    /** The loaders of the member {@code config} will start: its user context is copied into the member's. */
    static CacheLoaders of(Config config) {
        return MemberContext.computeIfAbsent(config, CacheLoaders.class, CacheLoaders::new);
    }

    @Override
    public void register(String cache, CacheLoader loader) {
        byCache.put(cache, loader);
    }

    /** The loader of {@code spec}: a registered one, else one from the provider it names, else empty. */
    Optional<CacheLoader> find(CacheSpec spec) {
        CacheLoader registered = byCache.get(spec.name());
        if (registered != null) {
            return Optional.of(registered);
        }
        if (spec.loader() == null || spec.loader().provider() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byCache.computeIfAbsent(spec.name(), name -> fromProvider(spec)));
    }

    private static CacheLoader fromProvider(CacheSpec spec) {
        for (CacheLoaderProvider provider : ServiceLoader.load(CacheLoaderProvider.class)) {
            if (provider.name().equals(spec.loader().provider())) {
                return provider.create(spec);
            }
        }
        return null;
    }
}

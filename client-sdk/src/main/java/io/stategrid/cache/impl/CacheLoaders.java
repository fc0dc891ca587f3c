package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheLoaderProvider;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.MemberServices;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured read-through loaders of one member, by cache name: the node registers its SQL loaders
 * here at start ({@code CacheLoaders.of(member).register(cache, loader)}); provider loaders are created
 * on first use from the {@link CacheLoaderProvider}s that {@link ServiceLoader} finds. Loads sent to a
 * key's owner (see {@code CacheLoadTask}) look their loader up here. Not public API.
 */
public final class CacheLoaders {
    private final Map<String, CacheLoader> byCache = new ConcurrentHashMap<>();

    /** The loaders of {@code member}, registered with {@link MemberServices} on first use. */
    public static CacheLoaders of(HazelcastInstance member) {
        return of(member.getName());
    }

    public static synchronized CacheLoaders of(String instanceName) {
        Optional<CacheLoaders> existing = MemberServices.find(instanceName, CacheLoaders.class);
        if (existing.isPresent()) {
            return existing.get();
        }
        CacheLoaders loaders = new CacheLoaders();
        MemberServices.register(instanceName, CacheLoaders.class, loaders);
        return loaders;
    }

    /** Makes {@code loader} the configured loader of {@code cache} on this member, replacing any earlier one. */
    public void register(String cache, CacheLoader loader) {
        byCache.put(cache, loader);
    }

    /** The loader of {@code spec}: a registered one, else one from the provider it names, else empty. */
    public Optional<CacheLoader> find(CacheSpec spec) {
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

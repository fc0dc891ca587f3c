package io.stategrid.cache.impl;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheLoaderRegistry;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.lock.Locks;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The cache domain: read-through caches with tags and near caches, their serializers, member defaults
 * and configured loaders. Not public API.
 */
public final class CacheModule implements GridModule, CacheFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(CacheSerializers.FACTORY_ID, new CacheSerializers());
    }

    @Override
    public void configureMember(Config config) {
        CacheMemberConfig.configureDefaults(config);
    }

    @Override
    public CacheService caches(HazelcastInstance hazelcast, Locks locks) {
        return new GridCaches(hazelcast, locks);
    }

    @Override
    public CacheService caches(HazelcastInstance hazelcast, Locks locks, Clock clock, int nearCacheMaxEntries) {
        return new GridCaches(hazelcast, locks, clock, nearCacheMaxEntries);
    }

    @Override
    public void configure(Config memberConfig, List<CacheSpec> specs) {
        CacheMemberConfig.configure(memberConfig, specs);
    }

    @Override
    public CacheLoaderRegistry loaders(Config memberConfig) {
        return CacheLoaders.of(memberConfig);
    }

    @Override
    public CacheLoaderRegistry loaders(HazelcastInstance member) {
        return CacheLoaders.of(member);
    }
}

package io.stategrid.internal;

/** TEMPORARY while domains move to modules: the defaults of domains without one yet. */
final class Legacy {
    private Legacy() {}

    static void configureMember(com.hazelcast.config.Config config) {
        config.getMapConfig(io.stategrid.cache.impl.GridCaches.TAGS)
                .setInMemoryFormat(com.hazelcast.config.InMemoryFormat.OBJECT);
        if (!config.getExecutorConfigs().containsKey(io.stategrid.cache.impl.GridCaches.EXECUTOR)) {
            config.getExecutorConfig(io.stategrid.cache.impl.GridCaches.EXECUTOR)
                    .setPoolSize(io.stategrid.cache.impl.GridCaches.EXECUTOR_THREADS);
        }
    }

    static void registerSerializers(com.hazelcast.config.SerializationConfig serialization) {
        var factories = serialization.getDataSerializableFactories();
        factories.putIfAbsent(
                io.stategrid.cache.impl.CacheSerializers.FACTORY_ID, new io.stategrid.cache.impl.CacheSerializers());
    }
}

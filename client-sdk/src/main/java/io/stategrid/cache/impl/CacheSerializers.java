package io.stategrid.cache.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's IdentifiedDataSerializable for cache entries, processors, answers and events (a cache
 * read is the hottest path there is). Registered on every member and client by {@code GridDefaults}.
 */
public final class CacheSerializers implements DataSerializableFactory {
    public static final int FACTORY_ID = 7330;
    static final int EVENT = 1;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case EVENT -> new CacheEvent();
            default -> null;
        };
    }
}

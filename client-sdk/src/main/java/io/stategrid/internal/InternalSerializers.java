package io.stategrid.internal;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The serializer factory of the shared internal types that are not of one domain ({@link Failure}, {@link
 * ReplicateValue}),
 * registered by {@link GridDefaults} on every member and client. Class ids are never reused. Not
 * public API.
 */
public final class InternalSerializers implements DataSerializableFactory {
    public static final int FACTORY_ID = 7300;
    static final int FAILURE = 1;
    static final int REPLICATE_VALUE = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case FAILURE -> new Failure();
            case REPLICATE_VALUE -> new ReplicateValue<>();
            default -> null;
        };
    }
}

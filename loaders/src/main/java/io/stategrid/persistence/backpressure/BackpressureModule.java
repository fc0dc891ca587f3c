package io.stategrid.persistence.backpressure;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.GridModule;
import java.util.Map;

/**
 * Registers the persistence module's one wire type, the {@link BackpressureInterceptor} that every
 * member receives when a map is put under backpressure, in its own {@code DataSerializableFactory}
 * (class ids never reused). Found by {@link GridModule#all()} wherever {@code loaders} is on the class
 * path. Not public API.
 */
public final class BackpressureModule implements GridModule {
    static final int FACTORY_ID = 7350;
    static final int INTERCEPTOR = 1;

    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(FACTORY_ID, BackpressureModule::create);
    }

    private static IdentifiedDataSerializable create(int typeId) {
        return typeId == INTERCEPTOR ? new BackpressureInterceptor(null) : null;
    }
}

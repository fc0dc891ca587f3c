package io.stategrid.persistence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.persistence.DeadLetterFactory;
import io.stategrid.persistence.DeadLetters;
import java.util.Map;

/** The persistence domain's client side: dead letters, listed and retried on a member. Not public API. */
public final class PersistenceModule implements GridModule, DeadLetterFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(PersistenceSerializers.FACTORY_ID, new PersistenceSerializers());
    }

    @Override
    public DeadLetters deadLetters(HazelcastInstance hazelcast) {
        return new GridDeadLetters(hazelcast);
    }
}

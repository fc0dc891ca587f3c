package io.stategrid.presence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.presence.PresenceFactory;
import io.stategrid.internal.presence.PresenceService;
import java.util.Map;

/** The presence domain. Not public API. */
public final class PresenceModule implements GridModule, PresenceFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(PresenceSerializers.FACTORY_ID, new PresenceSerializers());
    }

    @Override
    public PresenceService presence(HazelcastInstance hazelcast) {
        return new GridPresence(hazelcast);
    }
}

package io.stategrid.channel.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.channel.ChannelFactory;
import io.stategrid.internal.channel.ChannelService;
import java.util.Map;

/** The channel domain (Java-serialized processors, so no serializers of its own). Not public API. */
public final class ChannelModule implements GridModule, ChannelFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(ChannelSerializers.FACTORY_ID, new ChannelSerializers());
    }

    @Override
    public ChannelService channels(HazelcastInstance hazelcast) {
        return new GridChannels(hazelcast);
    }
}

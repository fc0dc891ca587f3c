package io.stategrid.channel.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.channel.ChannelFactory;
import io.stategrid.internal.channel.ChannelService;

/** The channel domain (Java-serialized processors, so no serializers of its own). Not public API. */
public final class ChannelModule implements GridModule, ChannelFactory {
    @Override
    public ChannelService channels(HazelcastInstance hazelcast) {
        return new GridChannels(hazelcast);
    }
}

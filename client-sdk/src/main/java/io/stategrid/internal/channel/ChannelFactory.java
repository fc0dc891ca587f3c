package io.stategrid.internal.channel;

import com.hazelcast.core.HazelcastInstance;

/** Builds the channel domain's services; {@code GridModule.find(ChannelFactory.class)}. Not public API. */
public interface ChannelFactory {
    ChannelService channels(HazelcastInstance hazelcast);
}

package io.stategrid.internal.presence;

import com.hazelcast.core.HazelcastInstance;

/** Builds the presence domain's services; {@code GridModule.find(PresenceFactory.class)}. Not public API. */
public interface PresenceFactory {
    PresenceService presence(HazelcastInstance hazelcast);
}

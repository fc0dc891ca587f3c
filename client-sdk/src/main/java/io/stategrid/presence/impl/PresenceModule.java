package io.stategrid.presence.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.presence.PresenceFactory;
import io.stategrid.internal.presence.PresenceService;

/** The presence domain (Java-serialized processors, so no serializers of its own). Not public API. */
public final class PresenceModule implements GridModule, PresenceFactory {
    @Override
    public PresenceService presence(HazelcastInstance hazelcast) {
        return new GridPresence(hazelcast);
    }
}

package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.internal.session.SessionService;
import io.stategrid.lock.Locks;
import io.stategrid.session.Sessions;
import java.util.Map;

/** The session domain: sessions and refresh tokens. Not public API. */
public final class SessionModule implements GridModule, SessionFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(SessionSerializers.FACTORY_ID, new SessionSerializers());
    }

    @Override
    public SessionService sessions(HazelcastInstance hazelcast, Locks locks) {
        return new GridSessions(hazelcast, locks);
    }

    @Override
    public RefreshTokens refreshTokens(HazelcastInstance hazelcast, Sessions sessions) {
        return new GridRefreshTokens(hazelcast, sessions);
    }
}

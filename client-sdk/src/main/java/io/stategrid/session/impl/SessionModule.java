package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.internal.session.SessionService;
import io.stategrid.lock.Locks;
import io.stategrid.session.Sessions;

/** The session domain: sessions and refresh tokens (no serializers of its own yet). Not public API. */
public final class SessionModule implements GridModule, SessionFactory {
    @Override
    public SessionService sessions(HazelcastInstance hazelcast, Locks locks) {
        return new GridSessions(hazelcast, locks);
    }

    @Override
    public RefreshTokens refreshTokens(HazelcastInstance hazelcast, Sessions sessions) {
        return new GridRefreshTokens(hazelcast, sessions);
    }
}

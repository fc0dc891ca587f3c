package io.stategrid.internal.session;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.lock.Locks;
import io.stategrid.session.Sessions;

/** Builds the session domain's services; {@code GridModule.find(SessionFactory.class)}. Not public API. */
public interface SessionFactory {
    /** Sessions over {@code hazelcast}; {@code locks} checks the leases that guarded updates name. */
    SessionService sessions(HazelcastInstance hazelcast, Locks locks);

    /** Refresh tokens over {@code hazelcast}; a reused token ends its session through {@code sessions}. */
    RefreshTokens refreshTokens(HazelcastInstance hazelcast, Sessions sessions);
}

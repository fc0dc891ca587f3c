package io.stategrid.internal.client;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.channel.ChannelService;
import io.stategrid.internal.counter.CounterService;
import io.stategrid.internal.document.DocumentService;
import io.stategrid.internal.lock.LockService;
import io.stategrid.internal.lock.SemaphoreService;
import io.stategrid.internal.presence.PresenceService;
import io.stategrid.internal.ratelimit.RateLimitService;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionService;

/**
 * A {@link StategridClient} as Stategrid's own modules (the node, its edge, tools, tests) see it: the
 * Hazelcast instance underneath and each domain's service with the calls the API does not offer. Get
 * one from {@link ClientFactory}. Not public API.
 */
public interface GridAccess extends StategridClient {
    /** The Hazelcast instance underneath: a member for an embedded client, else a Hazelcast client. */
    HazelcastInstance hazelcast();

    @Override
    LockService locks();

    @Override
    SemaphoreService semaphores();

    @Override
    DocumentService documents();

    @Override
    CounterService counters();

    @Override
    CacheService caches();

    @Override
    ChannelService topics();

    @Override
    PresenceService presence();

    @Override
    RateLimitService rateLimits();

    @Override
    SessionService sessions();

    /** Refresh tokens over this client's sessions (the edge issues and spends them). */
    RefreshTokens refreshTokens();
}

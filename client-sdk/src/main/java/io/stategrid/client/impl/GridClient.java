package io.stategrid.client.impl;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.GridDefaults;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.channel.ChannelFactory;
import io.stategrid.internal.channel.ChannelService;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.internal.counter.CounterFactory;
import io.stategrid.internal.counter.CounterService;
import io.stategrid.internal.document.DocumentFactory;
import io.stategrid.internal.document.DocumentService;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.internal.lock.LockService;
import io.stategrid.internal.lock.SemaphoreService;
import io.stategrid.internal.persistence.DeadLetterFactory;
import io.stategrid.internal.presence.PresenceFactory;
import io.stategrid.internal.presence.PresenceService;
import io.stategrid.internal.ratelimit.RateLimitFactory;
import io.stategrid.internal.ratelimit.RateLimitService;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.internal.session.SessionService;
import io.stategrid.persistence.DeadLetters;
import java.util.Objects;

/** The one StategridClient implementation, over a Hazelcast client or an embedded member. */
final class GridClient implements GridAccess {
    private final HazelcastInstance hazelcast;
    private final boolean ownsInstance;
    private final LockService locks;
    private final SemaphoreService semaphores;
    private final DeadLetters deadLetters;
    private final SessionService sessions;
    private final RefreshTokens refreshTokens;
    private final DocumentService documents;
    private final ChannelService channels;
    private final PresenceService presence;
    private final RateLimitService rateLimits;
    private final CounterService counters;
    private final CacheService caches;

    private GridClient(HazelcastInstance hazelcast, boolean ownsInstance) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.ownsInstance = ownsInstance;
        LockFactory lockFactory = GridModule.find(LockFactory.class);
        this.locks = lockFactory.locks(hazelcast);
        this.semaphores = lockFactory.semaphores(locks);
        this.deadLetters = GridModule.find(DeadLetterFactory.class).deadLetters(hazelcast);
        SessionFactory sessionFactory = GridModule.find(SessionFactory.class);
        this.sessions = sessionFactory.sessions(hazelcast, locks);
        this.refreshTokens = sessionFactory.refreshTokens(hazelcast, sessions);
        this.documents = GridModule.find(DocumentFactory.class).documents(hazelcast, locks);
        this.channels = GridModule.find(ChannelFactory.class).channels(hazelcast);
        this.presence = GridModule.find(PresenceFactory.class).presence(hazelcast);
        this.rateLimits = GridModule.find(RateLimitFactory.class).rateLimits(hazelcast);
        this.counters = GridModule.find(CounterFactory.class).counters(hazelcast);
        this.caches = GridModule.find(CacheFactory.class).caches(hazelcast, locks);
    }

    /** Connects as a Hazelcast client; the returned client owns the connection. */
    static GridClient connect(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        ClientConfig config = new ClientConfig();
        config.setClusterName(options.clusterName());
        config.getNetworkConfig().setAddresses(options.addresses());
        config.getConnectionStrategyConfig()
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(options.connectTimeout().toMillis());
        GridDefaults.applyTo(config);
        return connect(config);
    }

    /** Connects with a full Hazelcast client configuration (the edge role uses hazelcast-client.yaml). */
    static GridClient connect(ClientConfig config) {
        GridDefaults.applyTo(config);
        try {
            return new GridClient(HazelcastClient.newHazelcastClient(config), true);
        } catch (IllegalStateException e) {
            // Hazelcast's way of saying no member answered within the connect timeout.
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE,
                    "cannot connect to cluster '%s' at %s: %s",
                    config.getClusterName(),
                    config.getNetworkConfig().getAddresses(),
                    e.getMessage());
        }
    }

    /** A client over a member running in this JVM; closing it leaves the member running. */
    static GridClient embedded(HazelcastInstance member) {
        return new GridClient(member, false);
    }

    @Override
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public String clusterName() {
        return hazelcast.getConfig().getClusterName();
    }

    @Override
    public LockService locks() {
        return locks;
    }

    @Override
    public SemaphoreService semaphores() {
        return semaphores;
    }

    @Override
    public SessionService sessions() {
        return sessions;
    }

    @Override
    public RefreshTokens refreshTokens() {
        return refreshTokens;
    }

    @Override
    public DocumentService documents() {
        return documents;
    }

    @Override
    public CounterService counters() {
        return counters;
    }

    @Override
    public CacheService caches() {
        return caches;
    }

    @Override
    public ChannelService topics() {
        return channels;
    }

    @Override
    public PresenceService presence() {
        return presence;
    }

    @Override
    public RateLimitService rateLimits() {
        return rateLimits;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        counters.close();
        caches.close();
        if (ownsInstance) {
            hazelcast.shutdown();
        }
    }
}

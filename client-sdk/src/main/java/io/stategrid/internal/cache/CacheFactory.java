package io.stategrid.internal.cache;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.cache.CacheSpec;
import io.stategrid.lock.Locks;
import java.time.Clock;
import java.util.List;

/** Builds the cache domain's services and member configuration; {@code GridModule.find(CacheFactory.class)}. Not public API. */
public interface CacheFactory {
    /** Caches over {@code hazelcast}; {@code locks} checks the leases that guarded writes name. */
    CacheService caches(HazelcastInstance hazelcast, Locks locks);

    /**
     * @param clock               a remote client's clock for logical expiry of what it reads (members use
     *                            their {@code MemberClock}); tests inject one
     * @param nearCacheMaxEntries bound of each near cache
     */
    CacheService caches(HazelcastInstance hazelcast, Locks locks, Clock clock, int nearCacheMaxEntries);

    /**
     * Adds the caches' maps to a member's configuration before it starts, and leaves the settings where
     * the member's caches register them for every client to find.
     */
    void configure(Config memberConfig, List<CacheSpec> specs);

    /** The loaders of the member {@code memberConfig} will start (the same object once it runs). */
    CacheLoaderRegistry loaders(Config memberConfig);

    /** The loaders of a running member. */
    CacheLoaderRegistry loaders(HazelcastInstance member);
}

package io.stategrid.client;

import io.stategrid.cache.Caches;
import io.stategrid.channel.Channels;
import io.stategrid.counter.Counters;
import io.stategrid.document.Documents;
import io.stategrid.lock.Locks;
import io.stategrid.lock.Semaphores;
import io.stategrid.persistence.DeadLetters;
import io.stategrid.presence.Presence;
import io.stategrid.ratelimit.RateLimits;
import io.stategrid.session.Sessions;

/**
 * A connection to a Stategrid cluster, either as a remote client ({@link Stategrid#connect}) or
 * from a node embedded in the application. Both behave the same. Thread-safe; close it once.
 */
public interface StategridClient extends AutoCloseable {
    /** The name of the cluster this client talks to. */
    String clusterName();

    /** Leased, fenced locks on the CP Subsystem. */
    Locks locks();

    /** Counting semaphores on the CP Subsystem whose permits are bound to leases. */
    Semaphores semaphores();

    /** Revocable user sessions. */
    Sessions sessions();

    /** Versioned JSON and text documents with an op log. */
    Documents documents();

    /** Partitioned and strong (CP) counters, and atomic transfers between counters. */
    Counters counters();

    /** Named caches with read-through loads (one per key cluster-wide), tag invalidation and near caches. */
    Caches caches();

    /** Pub/sub channels with server ids and history; the same ones WebSocket clients use. */
    Channels topics();

    /** Who is in a room, with a small state each, and who joined, changed or left. */
    Presence presence();

    /** Distributed rate limits (token bucket, sliding window), one round trip per take. */
    RateLimits rateLimits();

    /** Entries persistence could not store, to list and retry. */
    DeadLetters deadLetters();

    /**
     * Releases this client. A remote client disconnects; a client of an embedded node leaves the
     * node running (close the node itself to stop it).
     */
    @Override
    void close();
}

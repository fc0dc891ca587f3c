package io.stategrid.client;

import com.hazelcast.core.HazelcastInstance;

/**
 * How {@link Stategrid} finds the SDK's implementation, as a {@link java.util.ServiceLoader} service:
 * the SDK jar provides exactly one. Applications neither implement nor call it; use {@link Stategrid}.
 */
public interface ClientProvider {
    /** See {@link Stategrid#connect(ClientOptions)}. */
    StategridClient connect(ClientOptions options);

    /** See {@link Stategrid#embedded(HazelcastInstance)}. */
    StategridClient embedded(HazelcastInstance member);
}

package io.stategrid.internal.client;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.GridModule;

/**
 * Builds {@link GridAccess} clients; the static methods find the client module. Not public API.
 */
public interface ClientFactory {
    /** A client over a member running in this JVM; closing it leaves the member running. */
    GridAccess embeddedClient(HazelcastInstance member);

    /**
     * Connects as a Hazelcast client with a full configuration (Stategrid's client defaults added); the
     * returned client owns the connection.
     *
     * @throws io.stategrid.StategridException {@code UNAVAILABLE} if no member answered in time
     */
    GridAccess remoteClient(ClientConfig config);

    /** Connects as {@link io.stategrid.client.Stategrid#connect} does. */
    GridAccess remoteClient(ClientOptions options);

    /** {@link #embeddedClient} of the client module. */
    static GridAccess embedded(HazelcastInstance member) {
        return GridModule.find(ClientFactory.class).embeddedClient(member);
    }

    /** {@link #remoteClient(ClientConfig)} of the client module. */
    static GridAccess connect(ClientConfig config) {
        return GridModule.find(ClientFactory.class).remoteClient(config);
    }

    /** {@link #remoteClient(ClientOptions)} of the client module. */
    static GridAccess connect(ClientOptions options) {
        return GridModule.find(ClientFactory.class).remoteClient(options);
    }
}

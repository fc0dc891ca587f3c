package io.stategrid.client.impl;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;

/**
 * The client wiring: one client over a Hazelcast instance, with every domain's services from its
 * module. {@link io.stategrid.client.Stategrid} calls the static methods; Stategrid's own modules use
 * {@link ClientFactory}. Not public API.
 */
public final class ClientModule implements GridModule, ClientFactory {
    /** What {@link io.stategrid.client.Stategrid#connect} returns. */
    public static GridAccess connect(ClientOptions options) {
        return GridClient.connect(options);
    }

    /** What {@link io.stategrid.client.Stategrid#embedded} returns. */
    public static GridAccess embedded(HazelcastInstance member) {
        return GridClient.embedded(member);
    }

    @Override
    public GridAccess embeddedClient(HazelcastInstance member) {
        return GridClient.embedded(member);
    }

    @Override
    public GridAccess remoteClient(ClientConfig config) {
        return GridClient.connect(config);
    }

    @Override
    public GridAccess remoteClient(ClientOptions options) {
        return GridClient.connect(options);
    }
}

package io.stategrid.client.impl;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.ClientOptions;
import io.stategrid.client.ClientProvider;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;

/**
 * The client wiring: one client over a Hazelcast instance, with every domain's services from its
 * module. {@code Stategrid} finds it as the {@link ClientProvider} service; Stategrid's own modules use
 * {@link ClientFactory}. Not public API.
 */
public final class ClientModule implements GridModule, ClientFactory, ClientProvider {
    @Override
    public GridAccess connect(ClientOptions options) {
        return GridClient.connect(options);
    }

    @Override
    public GridAccess embedded(HazelcastInstance member) {
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

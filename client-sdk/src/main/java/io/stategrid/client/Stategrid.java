package io.stategrid.client;

import io.stategrid.client.impl.GridClient;

/** Entry point of the SDK for applications that connect to a running cluster. */
public final class Stategrid {
    private Stategrid() {}

    /**
     * Connects to the cluster as a Hazelcast client and returns when connected.
     *
     * @throws io.stategrid.StategridException with {@code UNAVAILABLE} if no member answered within
     *                                         {@link ClientOptions#connectTimeout()}
     */
    public static StategridClient connect(ClientOptions options) {
        return GridClient.connect(options);
    }
}

package io.stategrid.client;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.impl.ClientModule;

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
        return ClientModule.connect(options);
    }

    /**
     * A client over a Stategrid member running in this JVM (started with Stategrid's configuration).
     * Closing the client leaves the member running.
     */
    public static StategridClient embedded(HazelcastInstance member) {
        return ClientModule.embedded(member);
    }
}

package io.stategrid.client;

import com.hazelcast.core.HazelcastInstance;
import java.util.ServiceLoader;

/** Entry point of the SDK for applications that connect to a running cluster. */
public final class Stategrid {
    private static final ClientProvider PROVIDER = ServiceLoader.load(
                    ClientProvider.class, Stategrid.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the Stategrid SDK's implementation is missing: no "
                    + ClientProvider.class.getName() + " service on the class path"));

    private Stategrid() {}

    /**
     * Connects to the cluster as a Hazelcast client and returns when connected.
     *
     * @throws io.stategrid.StategridException with {@code UNAVAILABLE} if no member answered within
     *                                         {@link ClientOptions#connectTimeout()}
     */
    public static StategridClient connect(ClientOptions options) {
        return PROVIDER.connect(options);
    }

    /**
     * A client over a Stategrid member running in this JVM (started with Stategrid's configuration).
     * Closing the client leaves the member running.
     */
    public static StategridClient embedded(HazelcastInstance member) {
        return PROVIDER.embedded(member);
    }
}

package io.stategrid.testing;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.client.ClientFactory;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The two ways to reach a cluster, for behaviour tests that must hold for both: a remote client and a
 * client embedded in member 1; with a clock, every member's entry processors use it.
 *
 * <pre>{@code
 * static final BothClients clients = new BothClients(cluster, clock);
 * @BeforeAll static void connect() { clients.connect(); }   // once the cluster runs
 * @AfterAll static void close() { clients.close(); }
 * }</pre>
 */
public final class BothClients {
    private final ClusterExtension cluster;
    private final MutableClock clock;
    private StategridClient remote;
    private StategridClient embedded;

    /** {@code clock} null: the members keep the system clock. */
    public BothClients(ClusterExtension cluster, MutableClock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    public void connect() {
        if (clock != null) {
            for (HazelcastInstance member : cluster.members()) {
                MemberContext.put(member, Clock.class, clock);
            }
        }
        remote = ClientFactory.connect(cluster.clientConfig());
        embedded = ClientFactory.embedded(cluster.member(1));
    }

    public void close() {
        if (remote != null) {
            remote.close();
        }
        if (clock != null) {
            cluster.members().forEach(m -> MemberContext.remove(m, Clock.class));
        }
    }

    public StategridClient remote() {
        return remote;
    }

    public StategridClient embedded() {
        return embedded;
    }

    /** Runs {@code test} against {@code service} of the remote client, then of the embedded one. */
    public <S> void both(Function<StategridClient, S> service, Consumer<S> test) {
        test.accept(service.apply(remote));
        test.accept(service.apply(embedded));
    }

    public static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    /** The code of the StategridException {@code call} fails with; an AssertionError if it succeeds. */
    public static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return StategridException.from(e).code();
        }
        throw new AssertionError("expected a failure");
    }
}

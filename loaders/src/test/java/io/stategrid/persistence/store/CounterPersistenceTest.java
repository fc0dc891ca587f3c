package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import io.stategrid.client.StategridClient;
import io.stategrid.counter.Counters;
import io.stategrid.counter.TransferOptions;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.counter.CounterMaps;
import io.stategrid.persistence.codec.CounterCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Partitioned counters, changed by adds and by transfers, come back from PostgreSQL after a full restart. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CounterPersistenceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .configure(CounterPersistenceTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder(CounterMaps.MAP, CounterCodec.INSTANCE)
                        .writeDelay(Duration.ofSeconds(1))
                        .build(),
                postgres.persistenceContext("counters"));
    }

    private static long join(CompletionStage<Long> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void countersSurviveAFullRestart() {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Counters counters = client.counters();
            for (int i = 0; i < 100; i++) {
                counters.add("acme", "views", 3);
                join(counters.add("acme", "acct:" + (i % 10), 100));
            }
            counters.transfer("acme", "acct:1", "acct:2", 250, TransferOptions.DEFAULT)
                    .toCompletableFuture()
                    .join();
            join(counters.add("globex", "views", -7));
            await().atMost(Duration.ofSeconds(10)).until(() -> join(counters.get("acme", "views")) == 300);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.members().stream()
                                .mapToLong(m -> PersistentMaps.backlog(m, CounterMaps.MAP))
                                .sum()
                        == 0);

        cluster.stop();
        cluster.start();
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Counters counters = client.counters();
            assertThat(join(counters.get("acme", "views"))).isEqualTo(300);
            assertThat(join(counters.get("acme", "acct:1"))).isEqualTo(750);
            assertThat(join(counters.get("acme", "acct:2"))).isEqualTo(1250);
            assertThat(join(counters.get("globex", "views"))).isEqualTo(-7);
            assertThat(join(counters.add("acme", "acct:3", 1))).isEqualTo(1001);
        }
    }
}

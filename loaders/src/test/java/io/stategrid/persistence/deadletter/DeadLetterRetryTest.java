package io.stategrid.persistence.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.persistence.DeadLetter;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A value PostgreSQL refuses lands in the dead letters; once the cause is fixed, a client retries it through the SDK. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeadLetterRetryTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Map<Integer, PersistenceContext> contexts = new ConcurrentHashMap<>();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .configure(DeadLetterRetryTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("dead-letters");
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("orders", JsonTextCodec.INSTANCE).build(),
                context);
        contexts.put(config.getNetworkConfig().getPort(), context);
    }

    @BeforeAll
    static void attach() throws SQLException {
        for (HazelcastInstance member : cluster.members()) {
            contexts.get(member.getCluster().getLocalMember().getAddress().getPort())
                    .attach(member);
        }
        postgres.execute("alter table grid_entries add constraint no_negative_totals"
                + " check (map_name <> 'orders' or (value->>'total')::int >= 0)");
    }

    @Test
    void aRefusedValueIsListedAndStoredOnRetryOnceTheCauseIsGone() throws SQLException {
        IMap<String, String> orders = cluster.member(0).getMap("orders");
        orders.set("o1", "{\"total\":10}");
        orders.set("o2", "{\"total\":-5}");
        orders.set("o3", "{\"total\":7}");
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            List<DeadLetter> letters = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> client.deadLetters()
                                    .list("orders", 0, 10)
                                    .toCompletableFuture()
                                    .join(),
                            l -> !l.isEmpty());
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.key()).isEqualTo("o2");
                assertThat(letter.value()).isEqualTo("{\"total\":-5}");
                assertThat(letter.error()).contains("23514").contains("no_negative_totals");
                assertThat(letter.operation()).isEqualTo("store");
            });
            assertThat(stored("o1")).isEqualTo("{\"total\": 10}");
            assertThat(stored("o3")).isEqualTo("{\"total\": 7}");

            postgres.execute("alter table grid_entries drop constraint no_negative_totals");
            assertThat(client.deadLetters()
                            .retry(letters.get(0).id())
                            .toCompletableFuture()
                            .join())
                    .isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> "{\"total\": -5}".equals(stored("o2")));
            assertThat(client.deadLetters()
                            .list("orders", 0, 10)
                            .toCompletableFuture()
                            .join())
                    .isEmpty();
            assertThat(client.deadLetters()
                            .retry(letters.get(0).id())
                            .toCompletableFuture()
                            .join())
                    .as("already retried")
                    .isFalse();
            assertThatThrownBy(() -> client.deadLetters()
                            .list(null, 0, 0)
                            .toCompletableFuture()
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    private static String stored(String key) throws SQLException {
        return postgres.text("select value::text from grid_entries where map_name = 'orders' and key = ?", key);
    }
}

package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.map.IMap;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After a full cluster restart, persistent maps come back from PostgreSQL: lazily by key, or eagerly. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .configure(RestartTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("restart");
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("lazy", JsonTextCodec.INSTANCE).build(),
                context);
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("eager", JsonTextCodec.INSTANCE)
                        .eagerLoad(true)
                        .build(),
                context);
    }

    @Test
    void aNewClusterOnTheSameSchemaServesTheOldEntries() {
        IMap<String, String> lazy = cluster.member(0).getMap("lazy");
        IMap<String, String> eager = cluster.member(0).getMap("eager");
        for (int i = 0; i < 2_000; i++) {
            lazy.set("l" + i, "{\"i\":" + i + "}");
            eager.set("e" + i, "{\"i\":" + i + "}");
        }
        lazy.delete("l0");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.members().stream()
                                .mapToLong(m -> PersistentMaps.backlog(m, "lazy") + PersistentMaps.backlog(m, "eager"))
                                .sum()
                        == 0);
        String before = cluster.clusterName();

        cluster.stop();
        cluster.start();
        assertThat(cluster.clusterName()).isNotEqualTo(before);

        IMap<String, String> lazyAgain = cluster.member(1).getMap("lazy");
        IMap<String, String> eagerAgain = cluster.member(1).getMap("eager");
        assertThat(eagerAgain.size())
                .as("eager maps load every row on first use")
                .isEqualTo(2_000);
        assertThat(lazyAgain.get("l1999")).isEqualTo("{\"i\": 1999}");
        assertThat(lazyAgain.get("l0")).as("deleted before the restart").isNull();
        assertThat(eagerAgain.get("e7")).isEqualTo("{\"i\": 7}");
    }
}

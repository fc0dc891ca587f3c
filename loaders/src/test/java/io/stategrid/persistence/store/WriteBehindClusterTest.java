package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Write-behind and write-through on a real 3-member cluster against a real PostgreSQL. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteBehindClusterTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(3)
            .configure(WriteBehindClusterTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext(
                "write-behind-" + config.getNetworkConfig().getPort());
        config.getMapConfig("default").setBackupCount(1);
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("behind", JsonTextCodec.INSTANCE).build(),
                context);
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("through", JsonTextCodec.INSTANCE)
                        .mode(PersistenceMode.WRITE_THROUGH)
                        .build(),
                context);
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("crash", JsonTextCodec.INSTANCE).build(),
                context);
    }

    @Test
    @Order(1)
    void hundredThousandWritesAllReachPostgresWithTheirLastValue() throws SQLException {
        IMap<String, String> map = cluster.member(0).getMap("behind");
        writeAll(map, 100_000, "first");
        writeAll(map, 1_000, "second");
        long lastWrite = System.nanoTime();
        // Done means every row holds its last value: the 1,000 overwrites may land after the row count is full.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(count("behind")).isEqualTo(100_000);
                    assertThat(count("behind", "{\"v\": \"second\"}")).isEqualTo(1_000);
                    assertThat(count("behind", "{\"v\": \"first\"}")).isEqualTo(99_000);
                });
        long drained = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWrite);
        System.out.println("100,000 write-behind rows with their last values in PostgreSQL " + drained
                + " ms after the last write");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(dirtyEntries("behind")).isZero());
    }

    @Test
    @Order(2)
    void writeThroughHasTheRowBeforeTheWriteReturns() throws SQLException {
        IMap<String, String> map = cluster.member(1).getMap("through");
        for (int i = 0; i < 20; i++) {
            map.set("t" + i, "{\"i\":" + i + "}");
            assertThat(valueOf("through", "t" + i)).isEqualTo("{\"i\": " + i + "}");
        }
        map.delete("t3");
        assertThat(valueOf("through", "t3")).isNull();
    }

    @Test
    @Order(3)
    void killingAMemberLosesNoAcknowledgedWrite() throws Exception {
        IMap<String, String> map = cluster.member(0).getMap("crash");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        Map<String, String> acked = new ConcurrentHashMap<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (!stop.get()) {
                String key = "c" + (i % 20_000);
                String value = "{\"n\":" + i + "}";
                try {
                    map.set(key, value);
                    acked.put(key, value);
                    acknowledged.incrementAndGet();
                } catch (RuntimeException e) {
                    // not acknowledged: the caller would retry; it carries no promise
                }
                i++;
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() > 20_000);
        cluster.terminate(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() > 40_000);
        stop.set(true);
        writer.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, String> stored = rows("crash");
                    List<String> missing = new ArrayList<>();
                    acked.forEach((key, value) -> {
                        if (!value.replace(":", ": ").equals(stored.get(key))) {
                            missing.add(key);
                        }
                    });
                    assertThat(missing)
                            .as("acknowledged writes missing or stale in PostgreSQL")
                            .isEmpty();
                });
    }

    private static void writeAll(IMap<String, String> map, int n, String tag) {
        List<CompletionStage<Void>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(map.setAsync("k" + i, "{\"v\":\"" + tag + "\"}"));
            if (pending.size() == 1000) {
                pending.forEach(p -> p.toCompletableFuture().join());
                pending.clear();
            }
        }
        pending.forEach(p -> p.toCompletableFuture().join());
    }

    private static long dirtyEntries(String map) {
        long dirty = 0;
        for (HazelcastInstance member : cluster.members()) {
            dirty += PersistentMaps.backlog(member, map);
        }
        return dirty;
    }

    private static long count(String map) throws SQLException {
        return postgres.number("select count(*) from grid_entries where map_name = ?", map);
    }

    private static long count(String map, String value) throws SQLException {
        return postgres.number("select count(*) from grid_entries where map_name = ? and value::text = ?", map, value);
    }

    private static String valueOf(String map, String key) throws SQLException {
        return postgres.text("select value::text from grid_entries where map_name = ? and key = ?", map, key);
    }

    private static Map<String, String> rows(String map) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = postgres.pool().connection();
                PreparedStatement s =
                        c.prepareStatement("select key, value::text from grid_entries where map_name = ?")) {
            s.setString(1, map);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }
}

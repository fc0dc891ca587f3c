package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.persistence.backpressure.BackpressureMonitor;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import io.stategrid.testing.TcpProxy;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL goes away for 20 s behind a proxy the test controls, under steady writes: the member keeps
 * accepting writes, stores retry, and once PostgreSQL is back every acknowledged write is there with
 * its last value.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OutageTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static TcpProxy proxy;
    private static PersistenceContext context;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(1)
            .configure(OutageTest::persistence)
            .build();

    private static void persistence(Config config) {
        URI target = URI.create(postgres.options().jdbcUrl().substring("jdbc:".length()));
        proxy = new TcpProxy(target.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath();
        context = new PersistenceContext(
                PostgresPool.open(postgres.options().toBuilder(proxied).build()),
                new SimpleMeterRegistry(),
                Path.of("target", "spool-outage"));
        context.migrator().migrate();
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("steady", JsonTextCodec.INSTANCE).build(),
                context);
    }

    @Test
    void twentySecondsWithoutPostgresLoseNoAcknowledgedWrite() throws Exception {
        IMap<String, String> map = cluster.member(0).getMap("steady");
        BackpressureMonitor monitor =
                BackpressureMonitor.start(cluster.member(0), 10_000_000, Duration.ofMillis(100), context.registry());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        int[] next = {0};
        Runnable writeSome = () -> {
            for (int i = 0; i < 500; i++) {
                int n = next[0]++;
                String key = "s" + (n % 5_000);
                String value = "{\"n\":" + n + "}";
                map.set(key, value);
                acknowledged.put(key, value);
            }
        };
        writeSome.run();
        await().atMost(Duration.ofSeconds(30)).until(() -> count() > 0);

        proxy.cut();
        long cutAt = System.nanoTime();
        while (System.nanoTime() - cutAt < TimeUnit.SECONDS.toNanos(20)) {
            writeSome.run();
            await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }
        assertThat(PersistentMaps.backlog(cluster.member(0), "steady"))
                .as("writes queue up during the outage")
                .isPositive();
        assertThat(oldestPendingAge())
                .as("the oldest pending write has waited through the outage")
                .isGreaterThan(15);
        assertThat(cluster.member(0).getLifecycleService().isRunning()).isTrue();
        proxy.restore();
        long restoredAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Map<String, String> stored = rows();
                    List<String> wrong = new ArrayList<>();
                    acknowledged.forEach((key, value) -> {
                        if (!value.replace(":", ": ").equals(stored.get(key))) {
                            wrong.add(key);
                        }
                    });
                    assertThat(wrong).as("acknowledged writes missing or stale").isEmpty();
                });
        System.out.println("caught up " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt)
                + " ms after PostgreSQL came back; " + acknowledged.size() + " keys, " + next[0] + " writes");
        assertThat(PersistentMaps.backlog(cluster.member(0), "steady")).isZero();
        assertThat(oldestPendingAge()).isZero();
        monitor.close();
        assertThat(context.registry()
                        .get("stategrid.persistence.failures")
                        .tag("kind", "transient")
                        .counter()
                        .count())
                .isPositive();
    }

    private static double oldestPendingAge() {
        return context.registry()
                .get("stategrid.persistence.oldest.pending.age")
                .tag("map", "steady")
                .gauge()
                .value();
    }

    private static long count() throws SQLException {
        return rows().size();
    }

    private static Map<String, String> rows() throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = postgres.pool().connection();
                PreparedStatement s =
                        c.prepareStatement("select key, value::text from grid_entries where map_name = 'steady'")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }
}

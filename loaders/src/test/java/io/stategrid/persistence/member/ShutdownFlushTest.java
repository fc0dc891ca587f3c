package io.stategrid.persistence.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 50,000 writes queued behind an hour of write delay are all in PostgreSQL once the flush before shutdown returns. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShutdownFlushTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(1)
            .configure(ShutdownFlushTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("flush");
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("queued", JsonTextCodec.INSTANCE)
                        .writeDelay(Duration.ofHours(1))
                        .build(),
                context);
    }

    @Test
    void everyQueuedWriteIsStoredBeforeTheMemberLeaves() throws SQLException {
        HazelcastInstance member = cluster.member(0);
        IMap<String, String> map = member.getMap("queued");
        List<CompletionStage<Void>> pending = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            pending.add(map.setAsync("q" + i, "{\"i\":" + i + "}"));
        }
        pending.forEach(p -> p.toCompletableFuture().join());
        assertThat(count()).isZero();
        assertThat(PersistentMaps.backlog(member, "queued")).isEqualTo(50_000);

        long start = System.nanoTime();
        long left = PersistentMaps.flushAll(member, Duration.ofSeconds(60));
        System.out.println(
                "flushed 50,000 queued writes in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        assertThat(left).isZero();
        assertThat(count()).isEqualTo(50_000);
        member.shutdown();
        assertThat(count()).isEqualTo(50_000);
    }

    private static long count() throws SQLException {
        return postgres.number("select count(*) from grid_entries where map_name = 'queued'");
    }
}

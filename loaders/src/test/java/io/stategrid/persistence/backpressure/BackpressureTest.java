package io.stategrid.persistence.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Once the write-behind backlog passes its bound, writes are refused with BACKPRESSURE, and accepted again after it drains. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackpressureTest {
    private static final int LIMIT = 1_000;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .configure(BackpressureTest::persistence)
            .build();

    private static final List<BackpressureMonitor> monitors = new ArrayList<>();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("backpressure");
        // An hour of write delay: nothing drains until the test flushes.
        PersistentMaps.configure(
                config,
                PersistentMapSpec.builder("bounded", JsonTextCodec.INSTANCE)
                        .writeDelay(Duration.ofHours(1))
                        .build(),
                context);
    }

    @BeforeAll
    static void watch() {
        for (HazelcastInstance member : cluster.members()) {
            monitors.add(BackpressureMonitor.start(member, LIMIT, Duration.ofMillis(50), new SimpleMeterRegistry()));
        }
    }

    @AfterAll
    static void unwatch() {
        monitors.forEach(BackpressureMonitor::close);
    }

    @Test
    void writesAreRefusedOverTheBoundForMembersAndClientsAndResumeAfterTheDrain() {
        IMap<String, String> map = cluster.member(0).getMap("bounded");
        IMap<String, String> viaClient = cluster.newClient().getMap("bounded");
        int written = 0;
        // Fill well past the bound; the monitor samples every 50 ms, so refusals start shortly after.
        while (monitors.stream().noneMatch(BackpressureMonitor::engaged)) {
            try {
                map.set("k" + written, "{}");
            } catch (StategridException e) {
                // A monitor engaged between the loop's check and this write: that is what we wait for.
                assertThat(e.code()).isEqualTo(ErrorCode.BACKPRESSURE);
                break;
            }
            written++;
            assertThat(written).as("backpressure engaged by now").isLessThan(200_000);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) {
                            map.set("more" + i, "{}");
                        }
                    })
                    .isInstanceOfSatisfying(
                            StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKPRESSURE));
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() -> {
                            for (int i = 0; i < 100; i++) {
                                viaClient.set("client" + i, "{}");
                            }
                        })
                        .satisfies(e -> {
                            StategridException translated = StategridException.from(e);
                            assertThat(translated.code()).isEqualTo(ErrorCode.BACKPRESSURE);
                            assertThat(translated.code().retryable()).isTrue();
                            assertThat(translated.getMessage())
                                    .startsWith("BACKPRESSURE: ")
                                    .contains("limit 1000");
                        }));

        map.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> monitors.stream().noneMatch(BackpressureMonitor::engaged));
        map.set("after-drain", "{}");
        viaClient.set("after-drain-client", "{}");
        assertThat(map.get("after-drain-client")).isEqualTo("{}");
    }
}

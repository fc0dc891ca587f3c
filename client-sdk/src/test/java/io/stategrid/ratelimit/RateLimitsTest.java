package io.stategrid.ratelimit;

import static io.stategrid.testing.BothClients.codeOf;
import static io.stategrid.testing.BothClients.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.testing.BothClients;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate limits on a 3-member cluster whose members share one hand-moved clock, through a remote client
 * and through an embedded member alike.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RateLimitsTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    private static final MutableClock clock = new MutableClock();
    private static final BothClients clients = new BothClients(cluster, clock);

    @BeforeAll
    static void connect() {
        clients.connect();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static void both(Consumer<RateLimits> test) {
        clients.both(StategridClient::rateLimits, test);
    }

    private static String key(String name) {
        return name + "-" + System.nanoTime();
    }

    /** Advances the clock in {@code step}s over {@code total}, taking greedily at each; returns what was granted. */
    private static long greedy(RateLimits limits, String key, RateLimit limit, Duration total, Duration step) {
        long granted = 0;
        for (long elapsed = 0; elapsed < total.toMillis(); elapsed += step.toMillis()) {
            clock.advance(step);
            while (join(limits.take("acme", key, limit)).allowed()) {
                granted++;
            }
        }
        return granted;
    }

    private static void drain(RateLimits limits, String tenant, String key, RateLimit limit) {
        while (join(limits.take(tenant, key, limit)).allowed()) {
            // empty it
        }
    }

    @Test
    void tokenBucketAdmitsItsRateOverTenSimulatedSeconds() {
        // 333 per second is a third of a token per millisecond: refill must not drift by rounding.
        RateLimit limit = RateLimit.tokenBucket(333, Duration.ofSeconds(1), 20);
        both(limits -> {
            String key = key("tb-rate");
            drain(limits, "acme", key, limit);
            long granted = greedy(limits, key, limit, Duration.ofSeconds(10), Duration.ofMillis(7));
            assertThat(granted).isCloseTo(3330L, withinPercentage(1)).isLessThanOrEqualTo(3330L);
        });
    }

    @Test
    void slidingWindowAdmitsItsLimitPerWindowOverTenSimulatedSeconds() {
        RateLimit limit = RateLimit.slidingWindow(50, Duration.ofSeconds(1));
        both(limits -> {
            String key = key("sw-rate");
            long granted = greedy(limits, key, limit, Duration.ofSeconds(10), Duration.ofMillis(7));
            assertThat(granted).isCloseTo(500L, withinPercentage(1)).isLessThanOrEqualTo(500L);
        });
    }

    @Test
    void aFullBucketGrantsItsBurstAtOnceThenTheRefill() {
        RateLimit limit = RateLimit.tokenBucket(10, Duration.ofSeconds(1), 30);
        both(limits -> {
            String key = key("burst");
            RateLimitDecision first = join(limits.take("acme", key, limit, 25));
            assertThat(first).isEqualTo(new RateLimitDecision(true, 5, Duration.ZERO, 30));
            assertThat(join(limits.take("acme", key, limit, 5)).remaining()).isZero();
            assertThat(join(limits.take("acme", key, limit)).allowed()).isFalse();
            clock.advance(Duration.ofMillis(100));
            assertThat(join(limits.take("acme", key, limit)).allowed()).isTrue();
            clock.advance(Duration.ofHours(1));
            assertThat(join(limits.take("acme", key, limit)).remaining())
                    .as("refill stops at the burst")
                    .isEqualTo(29);
        });
    }

    @Test
    void retryAfterIsTheExactWaitForEnoughTokens() {
        RateLimit limit = RateLimit.tokenBucket(10, Duration.ofSeconds(1));
        both(limits -> {
            String key = key("retry-tb");
            drain(limits, "acme", key, limit);
            RateLimitDecision denied = join(limits.take("acme", key, limit, 3));
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(300));
            clock.advance(Duration.ofMillis(299));
            assertThat(join(limits.take("acme", key, limit, 3)).retryAfter()).isEqualTo(Duration.ofMillis(1));
            clock.advance(Duration.ofMillis(1));
            assertThat(join(limits.take("acme", key, limit, 3)))
                    .isEqualTo(new RateLimitDecision(true, 0, Duration.ZERO, 10));
        });
    }

    @Test
    void slidingWindowRetryAfterIsWhenTheOldestPermitsLeave() {
        RateLimit limit = RateLimit.slidingWindow(3, Duration.ofSeconds(1));
        both(limits -> {
            String key = key("retry-sw");
            for (int i = 0; i < 3; i++) {
                assertThat(join(limits.take("acme", key, limit)).allowed()).isTrue();
                clock.advance(Duration.ofMillis(100));
            }
            RateLimitDecision denied = join(limits.take("acme", key, limit, 2));
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.retryAfter())
                    .as("the second-oldest leaves at +1100 ms")
                    .isEqualTo(Duration.ofMillis(800));
            assertThat(join(limits.take("acme", key, limit)).retryAfter()).isEqualTo(Duration.ofMillis(700));
            clock.advance(Duration.ofMillis(699));
            assertThat(join(limits.take("acme", key, limit)).allowed()).isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(join(limits.take("acme", key, limit)))
                    .isEqualTo(new RateLimitDecision(true, 0, Duration.ZERO, 3));
        });
    }

    @Test
    void deniedTakesConsumeNothing() {
        RateLimit bucket = RateLimit.tokenBucket(10, Duration.ofSeconds(1));
        RateLimit window = RateLimit.slidingWindow(10, Duration.ofSeconds(1));
        both(limits -> {
            String key = key("denied");
            assertThat(join(limits.take("acme", key, bucket, 7)).allowed()).isTrue();
            for (int i = 0; i < 50; i++) {
                assertThat(join(limits.take("acme", key, bucket, 4)).allowed()).isFalse();
            }
            assertThat(join(limits.take("acme", key, bucket, 3)).allowed())
                    .as("the 3 left are all there")
                    .isTrue();

            String windowKey = key("denied-window");
            assertThat(join(limits.take("acme", windowKey, window, 7)).allowed())
                    .isTrue();
            for (int i = 0; i < 50; i++) {
                assertThat(join(limits.take("acme", windowKey, window, 4)).allowed())
                        .isFalse();
            }
            assertThat(join(limits.take("acme", windowKey, window, 3)).allowed())
                    .isTrue();
        });
    }

    @Test
    void tenantsAreIsolated() {
        RateLimit limit = RateLimit.tokenBucket(5, Duration.ofMinutes(1));
        both(limits -> {
            String key = key("shared-name");
            drain(limits, "acme", key, limit);
            assertThat(join(limits.take("acme", key, limit)).allowed()).isFalse();
            assertThat(join(limits.take("globex", key, limit, 5)).allowed())
                    .as("same key, other tenant")
                    .isTrue();
        });
    }

    @Test
    void aChangedLimitCarriesTheStateOverAndAnotherAlgorithmStartsFresh() {
        RateLimits limits = clients.remote().rateLimits();
        String key = key("changed");
        assertThat(join(limits.take("acme", key, RateLimit.tokenBucket(10, Duration.ofSeconds(1)), 8))
                        .remaining())
                .isEqualTo(2);
        RateLimitDecision bigger =
                join(limits.take("acme", key, RateLimit.tokenBucket(100, Duration.ofSeconds(10), 50)));
        assertThat(bigger.remaining()).as("the 2 tokens left carry over").isEqualTo(1);
        assertThat(join(limits.take("acme", key, RateLimit.slidingWindow(4, Duration.ofSeconds(1)), 4))
                        .allowed())
                .as("another algorithm starts from a full limit")
                .isTrue();
    }

    @Test
    void badLimitsKeysAndPermitsAreInvalidArguments() {
        assertThat(codeOf(() -> RateLimit.tokenBucket(0, Duration.ofSeconds(1))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.tokenBucket(10, Duration.ZERO))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.tokenBucket(10, Duration.ofNanos(1_500_000))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.tokenBucket(10, Duration.ofDays(31)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.tokenBucket(10, null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.tokenBucket(10, Duration.ofSeconds(1), 0)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.slidingWindow(RateLimit.MAX_WINDOW_LIMIT + 1, Duration.ofSeconds(1))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> new RateLimit(RateLimit.Algorithm.SLIDING_WINDOW, 5, Duration.ofSeconds(1), 9)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> RateLimit.Algorithm.fromWire("leaky-bucket"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        try {
            RateLimit.tokenBucket(-3, Duration.ofSeconds(1));
        } catch (StategridException e) {
            assertThat(e.getMessage()).as("names the bad value").contains("-3");
        }
        RateLimit limit = RateLimit.tokenBucket(10, Duration.ofSeconds(1), 20);
        both(limits -> {
            assertThat(codeOf(() -> join(limits.take("acme", "k", limit, 0)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("acme", "k", limit, 21))))
                    .as("could never be granted")
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("acme", "", limit)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("acme", "a\nb", limit)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("acme", "x".repeat(257), limit))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("ac/me", "k", limit)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> join(limits.take("acme", "k", null)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> limits.tryTake(null, "k", limit))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        });
    }

    @Test
    void eightThreadsNeverGetMoreThanTheLimitAllows() throws Exception {
        // The clock stands still, so nothing refills or slides: exactly the capacity may be granted.
        for (RateLimit limit : List.of(
                RateLimit.tokenBucket(1000, Duration.ofHours(1), 500),
                RateLimit.slidingWindow(300, Duration.ofHours(1)))) {
            String key = key("concurrent");
            AtomicLong granted = new AtomicLong();
            List<CompletableFuture<Void>> takers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RateLimits limits = t % 2 == 0
                        ? clients.remote().rateLimits()
                        : clients.embedded().rateLimits();
                takers.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < 100; i++) {
                                if (limits.tryTake("acme", key, limit)) {
                                    granted.incrementAndGet();
                                }
                            }
                        },
                        runnable -> new Thread(runnable).start()));
            }
            for (CompletableFuture<Void> taker : takers) {
                taker.get(2, TimeUnit.MINUTES);
            }
            assertThat(granted.get()).as(limit.toString()).isEqualTo(limit.capacity());
        }
    }

    @Test
    void everyStoredStateHasItsBackup() {
        RateLimit limit = RateLimit.slidingWindow(10, Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            assertThat(join(clients.remote().rateLimits().take("acme", key("backed-up-" + i), limit))
                            .allowed())
                    .isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long owned = 0;
            long backups = 0;
            for (HazelcastInstance member : cluster.members()) {
                LocalMapStats stats = member.getMap("stategrid-ratelimits").getLocalMapStats();
                owned += stats.getOwnedEntryCount();
                backups += stats.getBackupEntryCount();
            }
            assertThat(owned).isGreaterThanOrEqualTo(20);
            assertThat(backups).isEqualTo(owned);
        });
    }

    @Test
    void anEntryLivesUntilItWouldBeFullAgainPlusGrace() {
        RateLimit limit = RateLimit.tokenBucket(10, Duration.ofSeconds(1));
        String key = key("ttl");
        drain(clients.remote().rateLimits(), "acme", key, limit);
        long ttl = cluster.member(0)
                .getMap("stategrid-ratelimits")
                .getEntryView("acme/" + key)
                .getTtl();
        assertThat(ttl).isEqualTo(Duration.ofSeconds(1).plusMinutes(1).toMillis());
    }
}

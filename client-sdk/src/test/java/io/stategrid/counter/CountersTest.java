package io.stategrid.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Counters on a 3-member cluster with 3 CP members, through a remote client and an embedded member. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CountersTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    private static final int THREADS = 8;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static StategridClient remote;
    private static StategridClient embedded;

    @BeforeAll
    static void connect() {
        remote = ClientFactory.connect(cluster.clientConfig());
        embedded = ClientFactory.embedded(cluster.member(1));
    }

    @AfterAll
    static void close() {
        if (remote != null) {
            remote.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static Counters counters(String mode) {
        return ("remote".equals(mode) ? remote : embedded).counters();
    }

    private static String newName() {
        return "c:" + NAMES.incrementAndGet();
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    static ErrorCode codeOf(Supplier<CompletionStage<?>> call) {
        try {
            join(call.get());
        } catch (RuntimeException e) {
            return StategridException.from(e).code();
        }
        throw new AssertionError("expected a failure");
    }

    /** Runs {@code perThread} on {@value #THREADS} threads at once and waits for all. */
    static void onThreads(int threads, Runnable perThread) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(CompletableFuture.runAsync(perThread, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"remote", "embedded"})
    void partitionedAddsFromEightThreadsAreExact(String mode) {
        Counters counters = counters(mode);
        String name = newName();
        onThreads(THREADS, () -> {
            for (int i = 0; i < 500; i++) {
                // A few in flight per thread, as a busy caller would have.
                CompletableFuture.allOf(
                                counters.add("t", name, 1).toCompletableFuture(),
                                counters.add("t", name, 2).toCompletableFuture(),
                                counters.add("t", name, -1).toCompletableFuture())
                        .join();
            }
        });
        assertThat(join(counters.get("t", name))).isEqualTo(THREADS * 500 * 2L);
        assertThat(join(counters.add("t", name, 5))).isEqualTo(THREADS * 500 * 2L + 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"remote", "embedded"})
    void batchedAddsFromEightThreadsAreExactAfterFlush(String mode) {
        Counters counters = counters(mode);
        String name = newName();
        try (CounterAdder adder = counters.adder("t", name)) {
            onThreads(THREADS, () -> {
                for (int i = 0; i < 20_000; i++) {
                    adder.add(1);
                }
            });
            join(adder.flush());
            assertThat(join(counters.get("t", name))).isEqualTo(THREADS * 20_000L);
            adder.add(7);
            // Without a flush, the timer sends it within the interval.
            await().atMost(Duration.ofSeconds(5)).until(() -> join(counters.get("t", name)) == THREADS * 20_000L + 7);
            adder.add(3);
        }
        assertThat(join(counters.get("t", name))).as("close flushes").isEqualTo(THREADS * 20_000L + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"remote", "embedded"})
    void strongAddsFromEightThreadsAreExact(String mode) {
        Counters counters = counters(mode);
        String name = newName();
        onThreads(THREADS, () -> {
            for (int i = 0; i < 100; i++) {
                join(counters.strongAdd("t", name, 3));
            }
        });
        assertThat(join(counters.strongGet("t", name))).isEqualTo(THREADS * 100 * 3L);
        assertThat(join(counters.strongCompareAndSet("t", name, 1, 9))).isFalse();
        assertThat(join(counters.strongCompareAndSet("t", name, THREADS * 100 * 3L, 9)))
                .isTrue();
        assertThat(join(counters.strongAdd("t", name, -10))).isEqualTo(-1);
        assertThat(join(counters.get("t", name)))
                .as("strong and partitioned counters are apart")
                .isZero();
    }

    @Test
    void overflowIsRefusedAndNothingApplied() {
        Counters counters = remote.counters();
        String name = newName();
        assertThat(join(counters.add("t", name, Long.MAX_VALUE - 1))).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(codeOf(() -> counters.add("t", name, 2))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(join(counters.get("t", name))).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(join(counters.add("t", name, 1))).isEqualTo(Long.MAX_VALUE);

        String low = newName();
        join(counters.add("t", low, Long.MIN_VALUE));
        assertThat(codeOf(() -> counters.add("t", low, -1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(join(counters.get("t", low))).isEqualTo(Long.MIN_VALUE);

        join(counters.strongAdd("t", name, Long.MAX_VALUE));
        assertThat(codeOf(() -> counters.strongAdd("t", name, 1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(join(counters.strongGet("t", name))).isEqualTo(Long.MAX_VALUE);

        CounterAdder adder = counters.adder("t", name);
        adder.add(1);
        assertThatThrownBy(() -> join(adder.flush())).satisfies(e -> {
            StategridException error = StategridException.from(e);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(error.getMessage()).contains("a batch of 1 was refused").contains(name);
        });
        join(adder.flush()); // the error was reported once
        adder.close();
        assertThat(join(counters.get("t", name))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> adder.add(1)).isInstanceOf(StategridException.class);
    }

    @Test
    void tenantsNeverSeeEachOthersCounters() {
        Counters counters = remote.counters();
        String name = newName();
        join(counters.add("acme", name, 5));
        join(counters.strongAdd("acme", name, 6));
        assertThat(join(counters.get("globex", name))).isZero();
        assertThat(join(counters.strongGet("globex", name))).isZero();
        assertThat(join(embedded.counters().get("acme", name))).isEqualTo(5);
        assertThat(join(embedded.counters().strongGet("acme", name))).isEqualTo(6);
    }

    @Test
    void resetAndDelete() {
        Counters counters = embedded.counters();
        String name = newName();
        join(counters.add("t", name, 42));
        assertThat(join(counters.reset("t", name))).isEqualTo(42);
        assertThat(join(counters.get("t", name))).isZero();
        assertThat(join(counters.delete("t", name))).isTrue();
        assertThat(join(counters.delete("t", name))).isFalse();
        assertThat(join(counters.reset("t", name))).isZero();
        assertThat(join(counters.add("t", name, 1))).isEqualTo(1);
    }

    @Test
    void badArgumentsAreInvalidArgumentNamingTheValue() {
        Counters counters = remote.counters();
        assertThat(codeOf(() -> counters.add("t", "has space", 1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.add("t", "x".repeat(129), 1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.get(null, "x"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.get("t", null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.strongGet("t", "a/b"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.transfer("t", "a", "b", 1, null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.transfer("t", "a", "a", 1, TransferOptions.DEFAULT)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> counters.transfer("t", "a", "b", 0, TransferOptions.DEFAULT)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatCode(() -> counters.get("t", "bad name!"))
                .as("a failed stage, not a throw")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> join(counters.get("t", "bad name!"))).hasMessageContaining("'bad name!'");
        assertThatThrownBy(() -> counters.adder("t", "a", Duration.ZERO))
                .isInstanceOf(StategridException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> TransferOptions.builder().transferId("")).isInstanceOf(StategridException.class);
        assertThat(join(counters.add("t", "a:b.c-d_e", 1)))
                .as("every allowed character")
                .isEqualTo(1);
    }
}

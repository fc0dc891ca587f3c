package io.stategrid.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.internal.lock.SemaphoreService;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leased semaphores on 3 members with 3 CP members, through two remote clients, with an injected clock. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SemaphoresTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    static final MutableClock clock = new MutableClock();
    static SemaphoreService ann;
    static SemaphoreService bob;

    @BeforeAll
    static void clients() {
        ann = GridModule.find(LockFactory.class)
                .semaphores(GridModule.find(LockFactory.class).locks(cluster.newClient(), clock));
        bob = GridModule.find(LockFactory.class)
                .semaphores(GridModule.find(LockFactory.class).locks(cluster.newClient(), clock));
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }

    private static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        StategridException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void neverMorePermitsHeldThanTheCapacityUnderContention() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            SemaphoreService client = t % 2 == 0 ? ann : bob;
            threads.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < 15; i++) {
                            SemaphoreLease lease = join(client.acquire(
                                            "pool", 3, 1, Duration.ofMinutes(1), Duration.ofSeconds(60)))
                                    .orElseThrow();
                            int now = inside.incrementAndGet();
                            most.accumulateAndGet(now, Math::max);
                            // Hold the permit across a grid round trip so holdings overlap.
                            assertThat(join(client.describe("pool")).available())
                                    .isBetween(0, 2);
                            inside.decrementAndGet();
                            join(client.release(lease));
                            rounds.incrementAndGet();
                        }
                    },
                    Executors.newSingleThreadExecutor()));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        assertThat(rounds).hasValue(120);
        assertThat(most.get()).isBetween(2, 3);
        assertThat(join(ann.describe("pool"))).isEqualTo(new SemaphoreInfo("pool", 3, 3, 0));
    }

    @Test
    void permitsComeBackWhenALeaseRunsOut() {
        SemaphoreLease big = join(ann.acquire("slots", 5, 4, Duration.ofSeconds(10), Duration.ZERO))
                .orElseThrow();
        assertThat(join(bob.acquire("slots", 5, 2, Duration.ofSeconds(10), Duration.ZERO)))
                .isEmpty();
        SemaphoreLease small = join(bob.acquire("slots", 5, 1, Duration.ofSeconds(30), Duration.ZERO))
                .orElseThrow();
        assertThat(join(bob.describe("slots"))).isEqualTo(new SemaphoreInfo("slots", 5, 0, 2));
        clock.advance(Duration.ofSeconds(11));
        assertThat(join(bob.describe("slots"))).isEqualTo(new SemaphoreInfo("slots", 5, 4, 1));
        assertCode(() -> join(ann.renew(big, Duration.ofSeconds(10))), ErrorCode.CONFLICT);
        assertCode(() -> join(ann.release(big)), ErrorCode.CONFLICT);
        Optional<SemaphoreLease> after = join(bob.acquire("slots", 5, 4, Duration.ofSeconds(10), Duration.ZERO));
        assertThat(after).isPresent();
        SemaphoreLease renewed = join(bob.renew(small, Duration.ofSeconds(60)));
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
        join(bob.release(after.get()));
        join(bob.release(renewed));
        assertCode(() -> join(bob.release(renewed)), ErrorCode.CONFLICT);
    }

    @Test
    void aWaiterGetsPermitsWhenTheyAreReturned() {
        SemaphoreLease all = join(ann.acquire("gate", 2, 2, Duration.ofMinutes(5), Duration.ZERO))
                .orElseThrow();
        CompletableFuture<Optional<SemaphoreLease>> waiting = bob.acquire(
                        "gate", 2, 1, Duration.ofMinutes(1), Duration.ofSeconds(60))
                .toCompletableFuture();
        assertThat(waiting).isNotDone();
        join(ann.release(all));
        SemaphoreLease got = waiting.orTimeout(30, TimeUnit.SECONDS).join().orElseThrow();
        assertThat(got.permits()).isEqualTo(1);
        join(bob.release(got));
    }

    @Test
    void tenantsAndBadArguments() {
        SemaphoreLease acme = join(ann.forTenant("acme").acquire("s", 1, 1, Duration.ofMinutes(1), Duration.ZERO))
                .orElseThrow();
        SemaphoreLease globex = join(bob.forTenant("globex").acquire("s", 1, 1, Duration.ofMinutes(1), Duration.ZERO))
                .orElseThrow();
        assertCode(() -> join(bob.forTenant("globex").release("s", acme.id())), ErrorCode.CONFLICT);
        join(ann.forTenant("acme").release(acme));
        join(bob.forTenant("globex").release(globex));
        assertCode(() -> ann.acquire("s", 0, 1, Duration.ofSeconds(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("s", 2, 3, Duration.ofSeconds(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("s s", 2, 1, Duration.ofSeconds(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("s", 2, 1, Duration.ZERO, Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
    }
}

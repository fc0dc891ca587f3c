package io.stategrid.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.cp.lock.FencedLock;
import io.stategrid.lock.LockLease;
import io.stategrid.lock.Locks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Lock+release pairs in three modes (1 thread; 8 threads each on its own lock; 8 threads on one lock,
 * every acquire waiting) on three systems: Stategrid's leased locks through the SDK, Hazelcast's own
 * FencedLock through the same client, and Redisson's RLock on the local Redis.
 */
final class LockRows {
    static final List<String> MODES = List.of("uncontended-1", "uncontended-8", "contended-8");
    static final List<String> SYSTEMS = List.of("stategrid", "fencedlock", "redisson");
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private LockRows() {}

    static void add(List<BenchRow> rows, Locks locks, HazelcastInstance hazelcast, RedissonClient redisson) {
        for (String mode : MODES) {
            int threads = mode.endsWith("-1") ? 1 : 8;
            IntFunction<String> name = mode.startsWith("contended") ? t -> "bench.hot" : t -> "bench.own." + t;
            rows.add(new BenchRow("lock." + mode + ".stategrid", () -> stategrid(locks, threads, name)));
            rows.add(new BenchRow("lock." + mode + ".fencedlock", () -> fencedLock(hazelcast, threads, name)));
            rows.add(new BenchRow("lock." + mode + ".redisson", () -> redisson(redisson, threads, name)));
        }
        // Where a Stategrid pair's time goes: GridLocks asks the client for the AtomicReference proxy on
        // every call, and a Hazelcast client resolves a CP proxy's group with a request to the cluster
        // each time; the same two commits on a proxy kept by the caller, for comparison.
        rows.add(new BenchRow(
                "lock.diag-lookup.hazelcast",
                () -> CoordinationBench.closed(
                        1, (t, i) -> hazelcast.getCPSubsystem().getAtomicReference("stategrid.lock.bench.diag"))));
        IAtomicReference<String> kept = hazelcast.getCPSubsystem().getAtomicReference("stategrid.lock.bench.kept");
        rows.add(new BenchRow(
                "lock.diag-kept.hazelcast",
                () -> CoordinationBench.closed(1, (t, i) -> {
                    if (!kept.compareAndSet(null, "holder")) {
                        throw new IllegalStateException("held");
                    }
                    kept.set(null);
                })));
    }

    private static TimedLoad.Result stategrid(Locks locks, int threads, IntFunction<String> name)
            throws InterruptedException {
        return CoordinationBench.closed(threads, (t, i) -> {
            LockLease lease = locks.acquire(name.apply(t), LEASE, WAIT)
                    .toCompletableFuture()
                    .join()
                    .orElseThrow(() -> new IllegalStateException("not acquired within " + WAIT));
            locks.release(lease).toCompletableFuture().join();
        });
    }

    private static TimedLoad.Result fencedLock(HazelcastInstance hazelcast, int threads, IntFunction<String> name)
            throws InterruptedException {
        FencedLock[] byThread = new FencedLock[threads];
        for (int t = 0; t < threads; t++) {
            byThread[t] = hazelcast.getCPSubsystem().getLock(name.apply(t));
        }
        return CoordinationBench.closed(threads, (t, i) -> {
            if (!byThread[t].tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("not acquired within " + WAIT);
            }
            byThread[t].unlock();
        });
    }

    private static TimedLoad.Result redisson(RedissonClient redisson, int threads, IntFunction<String> name)
            throws InterruptedException {
        RLock[] byThread = new RLock[threads];
        for (int t = 0; t < threads; t++) {
            byThread[t] = redisson.getLock(name.apply(t));
        }
        return CoordinationBench.closed(threads, (t, i) -> {
            // With a lease, as Stategrid's: no watchdog renewing it in the background.
            if (!byThread[t].tryLock(WAIT.toMillis(), LEASE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("not acquired within " + WAIT);
            }
            byThread[t].unlock();
        });
    }
}

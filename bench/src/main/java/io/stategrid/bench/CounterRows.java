package io.stategrid.bench;

import io.stategrid.counter.CounterAdder;
import io.stategrid.counter.Counters;
import io.stategrid.internal.client.GridAccess;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counter adds through the SDK on one hot counter each, as redis-benchmark's {@code INCR} uses one key:
 * partitioned adds (an entry processor on the owner, with a backup) and strong adds (a Raft commit on
 * the CP {@code IAtomicLong}) from 1 and 8 closed-loop threads and {@link CoordinationBench#IN_FLIGHT}
 * in flight; and the batching adder from 8 threads, whose adds only accumulate in this process and are
 * sent every {@link Counters#DEFAULT_FLUSH_INTERVAL}: after each of its runs the counter is read back
 * from the grid and must hold every add.
 */
final class CounterRows {
    private static final String TENANT = "bench";
    static final List<String[]> REPORT = List.of(
            new String[] {"partitioned `add`, 1 thread", "counter.add-1.stategrid", RedisIncr.id(1, 1)},
            new String[] {"partitioned `add`, 8 threads", "counter.add-8.stategrid", RedisIncr.id(8, 1)},
            new String[] {"partitioned `add`, async", "counter.add-async.stategrid", RedisIncr.id(50, 1)},
            new String[] {
                "batching `adder`, 8 threads (local adds, sent every 5 ms)",
                "counter.adder-8.stategrid",
                RedisIncr.id(50, 16)
            },
            new String[] {"strong `strongAdd` (CP), 1 thread", "counter.strong-1.stategrid", RedisIncr.id(1, 1)},
            new String[] {"strong `strongAdd` (CP), 8 threads", "counter.strong-8.stategrid", RedisIncr.id(8, 1)},
            new String[] {"strong `strongAdd` (CP), async", "counter.strong-async.stategrid", RedisIncr.id(50, 1)});

    private CounterRows() {}

    static void add(List<BenchRow> rows, GridAccess client) {
        Counters counters = client.counters();
        rows.add(new BenchRow(
                "counter.add-1.stategrid",
                () -> CoordinationBench.closed(
                        1,
                        (t, i) -> counters.add(TENANT, "hot-1", 1)
                                .toCompletableFuture()
                                .join())));
        rows.add(new BenchRow(
                "counter.add-8.stategrid",
                () -> CoordinationBench.closed(
                        8,
                        (t, i) -> counters.add(TENANT, "hot-8", 1)
                                .toCompletableFuture()
                                .join())));
        rows.add(new BenchRow(
                "counter.add-async.stategrid",
                () -> CoordinationBench.inFlight(i -> counters.add(TENANT, "hot-async", 1))));
        rows.add(new BenchRow("counter.adder-8.stategrid", () -> adder(counters)));
        rows.add(new BenchRow(
                "counter.strong-1.stategrid",
                () -> CoordinationBench.closed(
                        1,
                        (t, i) -> counters.strongAdd(TENANT, "strong-1", 1)
                                .toCompletableFuture()
                                .join())));
        rows.add(new BenchRow(
                "counter.strong-8.stategrid",
                () -> CoordinationBench.closed(
                        8,
                        (t, i) -> counters.strongAdd(TENANT, "strong-8", 1)
                                .toCompletableFuture()
                                .join())));
        rows.add(new BenchRow(
                "counter.strong-async.stategrid",
                () -> CoordinationBench.inFlight(i -> counters.strongAdd(TENANT, "strong-async", 1))));
    }

    private static TimedLoad.Result adder(Counters counters) throws Exception {
        String name = "adder-" + System.nanoTime();
        LongAdder added = new LongAdder();
        TimedLoad.Result result;
        try (CounterAdder adder = counters.adder(TENANT, name)) {
            result = CoordinationBench.closed(8, (t, i) -> {
                adder.add(1);
                added.increment();
            });
        }
        long inGrid = counters.get(TENANT, name).toCompletableFuture().join();
        if (inGrid != added.sum()) {
            throw new IllegalStateException(
                    "the adder lost adds: " + added.sum() + " added, " + inGrid + " in the grid");
        }
        return result;
    }
}

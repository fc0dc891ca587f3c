package io.stategrid.counter.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.map.IMap;
import io.stategrid.StategridException;
import io.stategrid.counter.CounterAdder;
import io.stategrid.counter.Transfer;
import io.stategrid.counter.TransferOptions;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.counter.CounterMaps;
import io.stategrid.internal.counter.CounterService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Counters over the {@value CounterMaps#MAP} map (key {@code tenant/name}, a {@code Long}, changed only by entry
 * processors and transfer transactions) and over CP {@code IAtomicLong}s named {@code tenant/name}.
 * Owns one daemon timer thread (adder flushes, transfer retry delays), started on first use. Not public API.
 */
final class GridCounters implements CounterService {
    private static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);
    /** Proxies of strong counters kept for the fast path; past this many names each call looks one up. */
    private static final int MAX_CACHED_STRONG = 10_000;

    private final HazelcastInstance hazelcast;
    private final IMap<String, Long> map;
    private final ScheduledThreadPoolExecutor timer;
    private final GridTransfers transfers;
    private final Map<String, IAtomicLong> strong = new ConcurrentHashMap<>();

    GridCounters(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(CounterMaps.MAP);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "stategrid-counters-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.transfers = new GridTransfers(hazelcast, timer);
    }

    @Override
    public CompletionStage<Long> add(String tenant, String name, long delta) {
        return call(() -> send(checkedKey(tenant, name), name, delta));
    }

    /** One entry processor adding {@code delta}; overflow fails the stage with INVALID_ARGUMENT. */
    CompletableFuture<Long> send(String key, String name, long delta) {
        return Stages.plain(map.submitToKey(key, new AddToCounter(delta))).thenApply(outcome -> {
            if (outcome.refused()) {
                throw StategridException.invalid(
                        "adding %d to counter '%s' (at %d) would overflow a long; nothing" + " was applied",
                        delta, name, outcome.value());
            }
            return outcome.value();
        });
    }

    @Override
    public CompletionStage<Long> get(String tenant, String name) {
        return call(() -> Stages.plain(map.getAsync(checkedKey(tenant, name))).thenApply(v -> v == null ? 0L : v));
    }

    @Override
    public CompletionStage<Long> reset(String tenant, String name) {
        return call(() -> Stages.plain(map.submitToKey(checkedKey(tenant, name), ClearCounter.reset()))
                .thenApply(previous -> previous == null ? 0L : previous));
    }

    @Override
    public CompletionStage<Boolean> delete(String tenant, String name) {
        return call(() -> Stages.plain(map.submitToKey(checkedKey(tenant, name), ClearCounter.delete()))
                .thenApply(previous -> previous != null));
    }

    @Override
    public CounterAdder adder(String tenant, String name) {
        return adder(tenant, name, DEFAULT_FLUSH_INTERVAL);
    }

    @Override
    public CounterAdder adder(String tenant, String name, Duration flushInterval) {
        String key = checkedKey(tenant, name);
        Arguments.present(flushInterval, "flushInterval");
        if (flushInterval.toMillis() < 1 || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw StategridException.invalid("flushInterval must be 1 ms to 1 min, got %s", flushInterval);
        }
        return new GridCounterAdder(this, key, name, flushInterval, timer);
    }

    @Override
    public CompletionStage<Long> strongAdd(String tenant, String name, long delta) {
        return strong(
                tenant,
                name,
                counter -> Stages.plain(counter.getAndAlterAsync(new StrongAdd(delta)))
                        .thenApply(previous -> {
                            if (StrongAdd.overflows(previous, delta)) {
                                throw StategridException.invalid(
                                        "adding %d to strong counter '%s' (at %d) would overflow a"
                                                + " long; nothing was applied",
                                        delta, name, previous);
                            }
                            return previous + delta;
                        }));
    }

    @Override
    public CompletionStage<Long> strongGet(String tenant, String name) {
        return strong(tenant, name, counter -> Stages.plain(counter.getAsync()));
    }

    @Override
    public CompletionStage<Boolean> strongCompareAndSet(String tenant, String name, long expected, long value) {
        return strong(tenant, name, counter -> Stages.plain(counter.compareAndSetAsync(expected, value)));
    }

    @Override
    public CompletionStage<Transfer> transfer(
            String tenant, String from, String to, long amount, TransferOptions options) {
        return call(() -> {
            Names.requireTenant(tenant);
            Names.requireCounter(from);
            Names.requireCounter(to);
            Arguments.present(options, "options");
            if (from.equals(to)) {
                throw StategridException.invalid("a transfer needs two different counters, got '%s' twice", from);
            }
            if (amount < 1) {
                throw StategridException.invalid("transfer amount must be >= 1, got %d", amount);
            }
            return transfers.transfer(tenant, from, to, amount, options);
        });
    }

    private static String checkedKey(String tenant, String name) {
        Names.requireTenant(tenant);
        Names.requireCounter(name);
        return CounterMaps.key(tenant, name);
    }

    /**
     * Runs {@code action} on the counter's CP proxy. Looking a proxy up may block on a round trip to the CP
     * group, so a name not seen before is looked up on {@link Stages#CHAIN}, never on the caller's thread
     * (which may be an event loop or a partition thread).
     */
    private <T> CompletionStage<T> strong(
            String tenant, String name, Function<IAtomicLong, CompletableFuture<T>> action) {
        return call(() -> {
            String key = checkedKey(tenant, name);
            IAtomicLong cached = strong.get(key);
            if (cached != null) {
                return action.apply(cached);
            }
            return CompletableFuture.supplyAsync(
                            () -> {
                                IAtomicLong counter = hazelcast.getCPSubsystem().getAtomicLong(key);
                                if (strong.size() < MAX_CACHED_STRONG) {
                                    strong.putIfAbsent(key, counter);
                                }
                                return counter;
                            },
                            Stages.CHAIN)
                    .thenCompose(action);
        });
    }

    /** Validation failures and synchronous throws become a failed stage; failures leave as StategridExceptions. */
    private static <T> CompletionStage<T> call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> started;
        try {
            started = action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        started.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(StategridException.from(failure));
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /** Stops the timer; adders not flushed by then keep what they hold, transfers in flight fail on their next retry. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.stategrid.counter.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.counter.CounterAdder;
import io.stategrid.internal.Stages;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A LongAdder in front of one counter. The first add after a send arms the timer; sends are chained so
 * at most one entry processor per adder is in flight, and each takes whatever accumulated meanwhile.
 */
final class GridCounterAdder implements CounterAdder {
    private final GridCounters counters;
    private final String key;
    private final String name;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final LongAdder pending = new LongAdder();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicReference<StategridException> failure = new AtomicReference<>();
    private volatile boolean closed;
    /** The last send; never fails (failures are kept in {@link #failure}). Guarded by this. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    GridCounterAdder(
            GridCounters counters, String key, String name, Duration interval, ScheduledExecutorService timer) {
        this.counters = counters;
        this.key = key;
        this.name = name;
        this.intervalNanos = interval.toNanos();
        this.timer = timer;
    }

    @Override
    public void add(long delta) {
        if (closed) {
            throw StategridException.invalid("the adder of counter '%s' is closed", name);
        }
        pending.add(delta);
        if (armed.compareAndSet(false, true)) {
            try {
                timer.schedule(this::onTimer, intervalNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The client is closing: the delta stays pending for an explicit flush.
                armed.set(false);
            }
        }
    }

    private void onTimer() {
        armed.set(false);
        enqueue();
    }

    @Override
    public CompletionStage<Void> flush() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        enqueue().whenComplete((ignored, never) -> {
            StategridException error = failure.getAndSet(null);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
        try {
            flush().toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw StategridException.from(e);
        }
    }

    private synchronized CompletableFuture<Void> enqueue() {
        // Off the completing thread: on a member that may be a partition thread, which must not call the grid.
        tail = tail.thenComposeAsync(ignored -> sendPending(), Stages.CHAIN);
        return tail;
    }

    private CompletableFuture<Void> sendPending() {
        long delta = pending.sumThenReset();
        if (delta == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Long> sent;
        try {
            sent = counters.send(key, name, delta);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((value, error) -> {
            if (error != null) {
                keep(StategridException.from(error), delta);
            }
            return null;
        });
    }

    /** Keeps the first failure since the last flush, saying how much of the count it concerns. */
    private void keep(StategridException error, long delta) {
        String what = error.code() == ErrorCode.INVALID_ARGUMENT ? "was refused" : "may not have been applied";
        failure.compareAndSet(
                null,
                StategridException.of(
                        error.code(), "counter '%s': a batch of %d %s: %s", name, delta, what, error.description()));
    }
}

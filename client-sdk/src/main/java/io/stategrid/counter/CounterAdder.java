package io.stategrid.counter;

import java.util.concurrent.CompletionStage;

/**
 * Adds to one partitioned counter in batches: {@link #add} only accumulates in this process (a
 * {@code LongAdder}, no I/O); the sum is sent as one entry processor at most once per flush interval,
 * one at a time, and on {@link #flush()} and {@link #close()}. The counter therefore lags by up to the
 * interval plus one round trip, and what was not yet sent is lost if this process dies. Thread-safe.
 *
 * <p>A failed send (the grid unavailable, or a batch that would overflow the counter) is not retried,
 * because its outcome may be unknown; its error is kept and fails the next {@link #flush()} (or
 * {@link #close()}), with a message that names how much may not have been applied.
 */
public interface CounterAdder extends AutoCloseable {
    /**
     * Adds {@code delta} locally. The deltas pending between two sends must not overflow a {@code long}.
     *
     * @throws io.stategrid.StategridException with {@code INVALID_ARGUMENT} after {@link #close()}
     */
    void add(long delta);

    /**
     * Sends everything added before this call; completes once it is applied. Fails with the first error
     * of any send since the previous flush (then cleared).
     */
    CompletionStage<Void> flush();

    /**
     * Flushes and stops; adds after it are refused. Blocks until the flush is done.
     *
     * @throws io.stategrid.StategridException what {@link #flush()} would fail with
     */
    @Override
    void close();
}

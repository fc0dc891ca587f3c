package io.stategrid.internal.counter;

import io.stategrid.counter.Counters;

/** {@link Counters} that own a timer thread, stopped by {@link #close}. Not public API. */
public interface CounterService extends Counters, AutoCloseable {
    /** Stops the timer; adders not flushed by then keep what they hold, transfers in flight fail on their next retry. */
    @Override
    void close();
}

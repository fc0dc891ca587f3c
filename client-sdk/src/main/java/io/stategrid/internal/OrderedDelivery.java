package io.stategrid.internal;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Delivers items numbered 1, 2, 3… (document versions, channel message ids) to one consumer in order,
 * each once, whatever order they arrive in: repeats are dropped, and a gap (an event lost with a failed
 * member) is filled by reading what the grid holds before later items go out. A gap that cannot be
 * filled ({@code NOT_FOUND}: no longer held) is passed over, so the consumer sees the jump. Not public API.
 */
public final class OrderedDelivery<T> {
    /** Reads items numbered {@code from} to {@code to} (inclusive), oldest first, at most a page. */
    public interface Source<T> {
        CompletionStage<List<T>> read(long from, long to);
    }

    private final ToLongFunction<T> number;
    private final Source<T> source;
    private final Consumer<T> consumer;
    private final int page;
    private final TreeMap<Long, T> waiting = new TreeMap<>();
    private long last = -1;
    private boolean filling;
    private boolean again;
    private boolean closed;

    public OrderedDelivery(ToLongFunction<T> number, Source<T> source, int page, Consumer<T> consumer) {
        this.number = number;
        this.source = source;
        this.page = page;
        this.consumer = consumer;
    }

    /**
     * Delivers from {@code first} on. Call before live items can arrive, then {@link #catchUp()} once
     * live items are flowing, so nothing applied in between is missed.
     */
    public synchronized void startAt(long first) {
        if (last < 0) {
            last = first - 1;
        }
    }

    /** Reads what the grid holds after the last delivered item; if a read is running, reads again after it. */
    public void catchUp() {
        synchronized (this) {
            if (last < 0) {
                return; // nothing delivered yet and no start: nothing to fill
            }
            if (filling) {
                again = true;
                return;
            }
        }
        fill(Long.MAX_VALUE);
    }

    /**
     * Stops: once this returns, the consumer gets nothing more (a delivery in progress on another thread
     * has finished), so whatever the caller sends next comes after the last item.
     */
    public synchronized void close() {
        closed = true;
        waiting.clear();
    }

    public synchronized void offer(T item) {
        if (closed) {
            return;
        }
        long n = number.applyAsLong(item);
        if (last < 0) {
            last = n - 1;
        }
        if (n <= last) {
            return;
        }
        if (n == last + 1 && waiting.isEmpty()) {
            // The common case, live items in order: no map entry per item.
            last = n;
            consumer.accept(item);
            return;
        }
        waiting.put(n, item);
        while (!waiting.isEmpty() && waiting.firstKey() == last + 1) {
            T next = waiting.pollFirstEntry().getValue();
            last = number.applyAsLong(next);
            consumer.accept(next);
        }
        if (!waiting.isEmpty() && !filling) {
            fill(waiting.firstKey() - 1);
        }
    }

    private void fill(long to) {
        long from;
        synchronized (this) {
            if (filling || closed) {
                return;
            }
            filling = true;
            from = last + 1;
        }
        source.read(from, to)
                .whenCompleteAsync(
                        (found, failure) -> {
                            boolean repeat;
                            synchronized (this) {
                                filling = false;
                                repeat = again;
                                again = false;
                            }
                            if (found != null) {
                                found.forEach(this::offer);
                                if (found.size() == page) {
                                    fill(to);
                                }
                            } else if (StategridException.from(failure).code() == ErrorCode.NOT_FOUND) {
                                skipGap();
                            }
                            // Other failures (grid briefly unavailable): the next item that arrives tries again.
                            if (repeat) {
                                catchUp();
                            }
                        },
                        Stages.CHAIN);
    }

    private synchronized void skipGap() {
        if (!waiting.isEmpty()) {
            last = waiting.firstKey() - 1;
            offer(waiting.pollFirstEntry().getValue());
        }
    }
}

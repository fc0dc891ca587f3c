package io.stategrid.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Load for a fixed time, so every row of a report is measured for as long as every other: either N
 * closed-loop threads, or one issuer keeping N asynchronous calls in flight. Each run warms up first
 * (calls made but not counted), then counts the calls that start and finish inside the measured window.
 */
final class TimedLoad {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private TimedLoad() {}

    /** Calls/s in the window, p50/p99 latency in microseconds, and how many calls failed in it. */
    record Result(double perSecond, double p50Micros, double p99Micros, long failures) {}

    /** One blocking call of thread {@code thread}; throwing counts as a failure. */
    interface Op {
        void run(int thread, long i) throws Exception;
    }

    /** Starts call {@code i}; a stage that completes exceptionally counts as a failure. */
    interface AsyncOp {
        CompletionStage<?> start(long i);
    }

    static Result closed(int threads, Duration warmup, Duration measure, Op op) throws InterruptedException {
        Window window = new Window();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(
                    () -> {
                        Latencies mine = window.latencies(thread, threads);
                        for (long i = 0; window.phase != STOP; i++) {
                            int phase = window.phase;
                            long before = System.nanoTime();
                            boolean ok = true;
                            try {
                                op.run(thread, i);
                            } catch (Exception e) {
                                ok = false;
                                window.failed(e);
                            }
                            long took = System.nanoTime() - before;
                            if (phase == MEASURE && window.phase == MEASURE) {
                                if (ok) {
                                    mine.add(took);
                                } else {
                                    window.failures.incrementAndGet();
                                }
                            }
                        }
                    },
                    "load-" + t);
            workers[t].start();
        }
        window.run(warmup, measure);
        for (Thread worker : workers) {
            worker.join(TimeUnit.MINUTES.toMillis(2));
            if (worker.isAlive()) {
                throw new IllegalStateException(worker.getName() + " did not stop within 2 minutes of the window");
            }
        }
        return window.result();
    }

    static Result inFlight(int calls, Duration warmup, Duration measure, AsyncOp op) throws InterruptedException {
        Window window = new Window();
        Latencies all = window.latencies(0, 1);
        Semaphore slots = new Semaphore(calls);
        Thread issuer = new Thread(
                () -> {
                    try {
                        for (long i = 0; window.phase != STOP; i++) {
                            slots.acquire();
                            int phase = window.phase;
                            long before = System.nanoTime();
                            CompletionStage<?> call;
                            try {
                                call = op.start(i);
                            } catch (RuntimeException e) {
                                window.failed(e);
                                slots.release();
                                continue;
                            }
                            call.whenComplete((value, failure) -> {
                                long took = System.nanoTime() - before;
                                if (failure != null) {
                                    window.failed(failure);
                                }
                                if (phase == MEASURE && window.phase == MEASURE) {
                                    if (failure == null) {
                                        synchronized (all) {
                                            all.add(took);
                                        }
                                    } else {
                                        window.failures.incrementAndGet();
                                    }
                                }
                                slots.release();
                            });
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "load-issuer");
        issuer.start();
        window.run(warmup, measure);
        issuer.join(TimeUnit.MINUTES.toMillis(2));
        if (!slots.tryAcquire(calls, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("calls still in flight 2 minutes after the window");
        }
        return window.result();
    }

    /** The phases of one run and what was recorded in it. */
    private static final class Window {
        volatile int phase = WARMUP;
        final AtomicLong failures = new AtomicLong();
        private Latencies[] perThread;
        private long measuredNanos;
        private volatile boolean reportedFailure;

        synchronized Latencies latencies(int thread, int threads) {
            if (perThread == null) {
                perThread = new Latencies[threads];
            }
            perThread[thread] = new Latencies();
            return perThread[thread];
        }

        void run(Duration warmup, Duration measure) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            long start = System.nanoTime();
            phase = MEASURE;
            TimeUnit.NANOSECONDS.sleep(measure.toNanos());
            phase = STOP;
            measuredNanos = System.nanoTime() - start;
        }

        void failed(Throwable failure) {
            if (!reportedFailure) {
                reportedFailure = true;
                System.err.println("a call failed (first of this run): " + failure);
            }
        }

        synchronized Result result() {
            long[] merged = Arrays.stream(perThread)
                    .flatMapToLong(Latencies::stream)
                    .sorted()
                    .toArray();
            long calls = Arrays.stream(perThread).mapToLong(Latencies::count).sum();
            if (merged.length == 0) {
                return new Result(0, Double.NaN, Double.NaN, failures.get());
            }
            return new Result(
                    calls / (measuredNanos / 1e9), percentile(merged, 50), percentile(merged, 99), failures.get());
        }

        private static double percentile(long[] sorted, double p) {
            int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
            return sorted[index] / 1_000.0;
        }
    }

    /**
     * Nanosecond latencies of one writer at a time: every call counted, at most {@value #MAX_SAMPLES} kept.
     * When full, every other sample is dropped and from then on only every other call is sampled, so the
     * samples stay spread evenly over the window (the batching adder makes tens of millions of calls).
     */
    private static final class Latencies {
        private static final int MAX_SAMPLES = 1 << 20;
        private long[] values = new long[1 << 16];
        private int size;
        private long count;
        private long stride = 1;

        void add(long nanos) {
            if (count++ % stride != 0) {
                return;
            }
            if (size == MAX_SAMPLES) {
                for (int i = 0; i < size / 2; i++) {
                    values[i] = values[2 * i];
                }
                size /= 2;
                stride *= 2;
                if ((count - 1) % stride != 0) {
                    return;
                }
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        long count() {
            return count;
        }

        LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }
}

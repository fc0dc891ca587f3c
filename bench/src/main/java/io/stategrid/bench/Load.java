package io.stategrid.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A closed-loop load: N threads each run their share of the operations back to back, timing each. */
final class Load {
    private Load() {}

    /** Throughput over the whole run and every operation's latency in nanoseconds. */
    record Result(double perSecond, long[] latencies) {}

    interface Op {
        void run(int thread, int i);
    }

    static Result run(int threads, int total, Op op) throws InterruptedException {
        int perThread = total / threads;
        long[] latencies = new long[perThread * threads];
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                        for (int i = 0; i < perThread; i++) {
                            long before = System.nanoTime();
                            op.run(thread, i);
                            latencies[thread * perThread + i] = System.nanoTime() - before;
                        }
                        done.countDown();
                    })
                    .start();
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("load did not finish in 30 minutes");
        }
        return new Result(latencies.length / ((System.nanoTime() - start) / 1e9), latencies);
    }
}

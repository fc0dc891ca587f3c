package io.stategrid.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * The Redis peer of the cache reads: {@code redis-benchmark -t get -c 50 -d 1024 -r keys}, with or
 * without pipelining, on a key set filled first with {@code SET}s of the same size. redis-benchmark
 * counts requests, not time, so each run sizes its request count from the rate of the run before
 * (the warm-up's first), to take about as long as the other rows' windows.
 */
final class RedisGet {
    static final int CLIENTS = 50;

    private final int port;
    private final int keys;
    private final int bytes;
    private final int pipeline;
    private double estimate;

    RedisGet(int port, int keys, int bytes, int pipeline) {
        this.port = port;
        this.keys = keys;
        this.bytes = bytes;
        this.pipeline = pipeline;
        this.estimate = pipeline > 1 ? 400_000 : 60_000;
    }

    /** Writes every one of the {@code keys} keys (random SETs, 20 per key on average: all are hit). */
    static void fill(int port, int keys, int bytes) throws IOException, InterruptedException {
        run(port, "set", keys, bytes, 16, 20 * keys);
    }

    /** A warm-up run (dropped), then the measured one. */
    TimedLoad.Result measure(Duration warmup, Duration measure) throws IOException, InterruptedException {
        estimate = run(port, "get", keys, bytes, pipeline, requests(warmup)).perSecond();
        TimedLoad.Result result = run(port, "get", keys, bytes, pipeline, requests(measure));
        estimate = result.perSecond();
        return result;
    }

    private int requests(Duration d) {
        return (int) Math.max(10_000, Math.min(Integer.MAX_VALUE, estimate * d.toMillis() / 1000.0));
    }

    private static TimedLoad.Result run(int port, String test, int keys, int bytes, int pipeline, int requests)
            throws IOException, InterruptedException {
        return RedisPeer.benchmark(
                port, test, CLIENTS, pipeline, requests, "-d", String.valueOf(bytes), "-r", String.valueOf(keys));
    }
}

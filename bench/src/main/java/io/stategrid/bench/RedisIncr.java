package io.stategrid.bench;

import java.util.List;

/**
 * The Redis peer for counters and rate limits: {@code redis-benchmark -t incr} (one key) with 1, 8 and
 * 50 clients, and 50 clients pipelining 16 commands each; each a row measured once per round like the others.
 */
final class RedisIncr {
    /** {clients, pipeline, requests}: about 5 s each here, the length of a measured window. */
    static final List<int[]> CONFIGS = List.of(
            new int[] {1, 1, 100_000}, new int[] {8, 1, 300_000}, new int[] {50, 1, 500_000}, new int[] {50, 16, 500_000
            });

    private RedisIncr() {}

    static String id(int clients, int pipeline) {
        return "peer.incr-c" + clients + (pipeline > 1 ? "-P" + pipeline : "") + ".redis";
    }

    static void add(List<BenchRow> rows, RedisPeer redis) {
        for (int[] config : CONFIGS) {
            rows.add(new BenchRow(
                    id(config[0], config[1]), () -> redis.benchmark("incr", config[0], config[1], config[2])));
        }
    }
}

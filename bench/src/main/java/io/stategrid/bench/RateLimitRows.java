package io.stategrid.bench;

import io.stategrid.ratelimit.RateLimit;
import io.stategrid.ratelimit.RateLimitDecision;
import io.stategrid.ratelimit.RateLimits;
import java.time.Duration;
import java.util.List;

/**
 * Rate-limit checks ({@code take} of one permit) through the SDK: 1 and 8 closed-loop threads and
 * {@link CoordinationBench#IN_FLIGHT} asynchronous calls in flight, on one hot key and spread over
 * {@value #KEYS} keys. The bucket is large enough that every check is granted, so each one also
 * writes the key's new state (and its backup): the dearer of the two outcomes.
 */
final class RateLimitRows {
    static final int KEYS = 10_000;
    static final List<String> WORKLOADS = List.of("hot-1", "hot-8", "hot-async", "many-1", "many-8", "many-async");
    private static final RateLimit LIMIT = RateLimit.tokenBucket(RateLimit.MAX_LIMIT, Duration.ofSeconds(1));
    private static final String TENANT = "bench";

    private RateLimitRows() {}

    static void add(List<BenchRow> rows, RateLimits limits) {
        for (String workload : WORKLOADS) {
            boolean hot = workload.startsWith("hot");
            rows.add(new BenchRow("ratelimit." + workload + ".stategrid", () -> {
                if (workload.endsWith("async")) {
                    return CoordinationBench.inFlight(i ->
                            limits.take(TENANT, key(hot, 0, i), LIMIT, 1).thenAccept(RateLimitRows::requireGranted));
                }
                int threads = workload.endsWith("-1") ? 1 : 8;
                return CoordinationBench.closed(
                        threads,
                        (t, i) -> requireGranted(limits.take(TENANT, key(hot, t, i), LIMIT, 1)
                                .toCompletableFuture()
                                .join()));
            }));
        }
    }

    private static String key(boolean hot, int thread, long i) {
        return hot ? "hot" : "key-" + Math.floorMod(i * 7919 + thread * 1_000_003L, KEYS);
    }

    private static void requireGranted(RateLimitDecision decision) {
        if (!decision.allowed()) {
            throw new IllegalStateException("denied: " + decision);
        }
    }
}

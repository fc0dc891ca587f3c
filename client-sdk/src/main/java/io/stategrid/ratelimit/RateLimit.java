package io.stategrid.ratelimit;

import io.stategrid.StategridException;
import java.time.Duration;
import java.util.Locale;

/**
 * How much a key may take, and how it comes back. Make one with {@link #tokenBucket} or
 * {@link #slidingWindow}; both validate and fail with {@code INVALID_ARGUMENT} naming the bad value.
 *
 * <ul>
 *   <li><b>Token bucket</b>: a bucket of {@code burst} tokens, refilled continuously at {@code limit}
 *       tokens per {@code period}. Refill is exact (kept in token-milliseconds, no rounding drift): over
 *       any stretch of time {@code T}, at most {@code burst + limit * T / period} permits are granted.</li>
 *   <li><b>Sliding window</b>: at most {@code limit} permits in any window of length {@code period}
 *       (an exact sliding log, not an approximation). Its state grows with the permits in the window, so
 *       the limit is at most {@value #MAX_WINDOW_LIMIT}; use a token bucket for more.</li>
 * </ul>
 *
 * @param algorithm which of the two
 * @param limit     tokens added per period (token bucket) or permits per window (sliding window);
 *                  1 to {@value #MAX_LIMIT}
 * @param period    whole milliseconds, 1 ms to 30 days
 * @param burst     bucket capacity, the most one key can take at once (token bucket; at least 1);
 *                  equal to {@code limit} for a sliding window
 */
public record RateLimit(Algorithm algorithm, long limit, Duration period, long burst) {
    public static final long MAX_LIMIT = 1_000_000_000L;
    public static final int MAX_WINDOW_LIMIT = 10_000;
    public static final Duration MAX_PERIOD = Duration.ofDays(30);

    /** The two algorithms, with the names the edge and the configuration use. */
    public enum Algorithm {
        TOKEN_BUCKET("token-bucket"),
        SLIDING_WINDOW("sliding-window");

        private final String wireName;

        Algorithm(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** {@code token-bucket} or {@code sliding-window}; anything else is {@code INVALID_ARGUMENT}. */
        public static Algorithm fromWire(String name) {
            for (Algorithm algorithm : values()) {
                if (algorithm.wireName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                    return algorithm;
                }
            }
            throw StategridException.invalid("algorithm must be token-bucket or sliding-window, got '%s'", name);
        }
    }

    public RateLimit {
        if (algorithm == null) {
            throw StategridException.invalid("algorithm is required");
        }
        long max = algorithm == Algorithm.SLIDING_WINDOW ? MAX_WINDOW_LIMIT : MAX_LIMIT;
        if (limit < 1 || limit > max) {
            throw StategridException.invalid(
                    "limit of a %s must be between 1 and %d, got %d", algorithm.wireName, max, limit);
        }
        if (period == null
                || period.isNegative()
                || period.compareTo(MAX_PERIOD) > 0
                || period.toMillis() < 1
                || period.toNanos() % 1_000_000 != 0) {
            throw StategridException.invalid(
                    "period must be whole milliseconds between 1 ms and 30 days, got %s", period);
        }
        if (algorithm == Algorithm.TOKEN_BUCKET && (burst < 1 || burst > MAX_LIMIT)) {
            throw StategridException.invalid("burst must be between 1 and %d, got %d", MAX_LIMIT, burst);
        }
        if (algorithm == Algorithm.SLIDING_WINDOW && burst != limit) {
            throw StategridException.invalid(
                    "a sliding window has no separate burst (it is the limit, %d), got %d", limit, burst);
        }
    }

    /** A token bucket of {@code limit} tokens refilled at {@code limit} per {@code period}. */
    public static RateLimit tokenBucket(long limit, Duration period) {
        return new RateLimit(Algorithm.TOKEN_BUCKET, limit, period, limit);
    }

    /** A token bucket of {@code burst} tokens refilled at {@code limit} per {@code period}. */
    public static RateLimit tokenBucket(long limit, Duration period, long burst) {
        return new RateLimit(Algorithm.TOKEN_BUCKET, limit, period, burst);
    }

    /** At most {@code limit} permits in any window of length {@code window}. */
    public static RateLimit slidingWindow(long limit, Duration window) {
        return new RateLimit(Algorithm.SLIDING_WINDOW, limit, window, limit);
    }

    /** The period in milliseconds. */
    public long periodMillis() {
        return period.toMillis();
    }

    /** The most permits one take can ever get: the burst of a token bucket, the limit of a window. */
    public long capacity() {
        return burst;
    }
}

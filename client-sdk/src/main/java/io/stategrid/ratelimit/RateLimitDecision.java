package io.stategrid.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one take.
 *
 * @param allowed    whether the permits were granted (a denied take consumed nothing)
 * @param remaining  whole permits still available right after this take (0 when denied and empty)
 * @param retryAfter zero when allowed; else how long until the same take would be granted, to the
 *                   millisecond, if nobody else takes in between
 * @param limit      the most permits the key can hold at once: the burst of a token bucket, the limit
 *                   of a sliding window
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, long limit) {
    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
    }
}

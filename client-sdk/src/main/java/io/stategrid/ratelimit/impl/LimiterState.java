package io.stategrid.ratelimit.impl;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ratelimit.RateLimit;

/**
 * The stored state of one limited key. Never changed once made: a take returns the next state. Its
 * fields are not final only because Hazelcast's deserialization fills them in.
 */
sealed interface LimiterState extends IdentifiedDataSerializable permits TokenBucket, SlidingLog {

    /** What one take decided; {@code next} is the state to store, null when nothing changed. */
    record Step(boolean allowed, long remaining, long retryAfterMillis, LimiterState next) {}

    /** Takes {@code permits} at member time {@code now}, all or nothing. */
    Step take(long permits, long now);

    /** How long from {@code now} until this state is the same as a fresh one (full bucket, empty window). */
    long idleMillis(long now);

    /**
     * {@code stored} read under {@code limit}: itself when the limit is the one it was made for, carried
     * over to a changed limit of the same algorithm, or a fresh state (none stored, or another algorithm).
     */
    static LimiterState under(LimiterState stored, RateLimit limit, long now) {
        if (stored instanceof TokenBucket bucket && limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            return bucket.under(limit, now);
        }
        if (stored instanceof SlidingLog log && limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            return log.under(limit);
        }
        return limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET
                ? TokenBucket.full(limit, now)
                : SlidingLog.empty(limit);
    }
}

package io.stategrid.internal.ratelimit;

import io.stategrid.ratelimit.RateLimit;
import io.stategrid.ratelimit.RateLimitDecision;
import io.stategrid.ratelimit.RateLimits;
import java.util.concurrent.CompletionStage;

/** {@link RateLimits} with the edge's own per-subject limit. Not public API. */
public interface RateLimitService extends RateLimits {
    /**
     * Takes one permit from the edge's limit of {@code subject} in {@code tenant}: a key of its own that
     * no {@link #take} can name, so callers cannot drain or reset another subject's edge limit.
     */
    CompletionStage<RateLimitDecision> takeForSubject(String tenant, String subject, RateLimit limit);
}

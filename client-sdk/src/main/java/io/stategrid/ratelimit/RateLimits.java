package io.stategrid.ratelimit;

import io.stategrid.StategridException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Distributed rate limits: each take is one atomic step on the owner of the key (one round trip),
 * timed by that member's clock, so every client and edge sees the same limit. Keys are per tenant:
 * the same key in two tenants is two limits. State is held in memory (owner and one backup) and is
 * dropped once the key has been idle long enough to be full again, which loses nothing.
 *
 * <p>Keys are 1-256 printable characters. A key remembers the limit it was last used with; taking
 * with a different limit of the same algorithm carries the state over (a bucket keeps its tokens, up
 * to the new burst; a window keeps its log), a different algorithm starts from a full limit.
 *
 * <p>Failures arrive as {@link StategridException}: {@code INVALID_ARGUMENT} for a bad tenant, key or
 * permit count (including more permits than the limit's capacity, which could never be granted),
 * {@code UNAVAILABLE} or {@code TIMEOUT} when the grid cannot answer (the take may or may not have
 * counted). A denial is not a failure: it is a decision with {@code allowed == false}.
 */
public interface RateLimits {
    /** Takes {@code permits} (1 to the limit's capacity) from {@code key} if all are available, else none. */
    CompletionStage<RateLimitDecision> take(String tenant, String key, RateLimit limit, long permits);

    /** Takes one permit. */
    default CompletionStage<RateLimitDecision> take(String tenant, String key, RateLimit limit) {
        return take(tenant, key, limit, 1);
    }

    /**
     * Takes one permit and waits for the answer (one round trip; it never waits for permits).
     *
     * @return whether the permit was granted
     * @throws StategridException as {@link #take} fails
     */
    default boolean tryTake(String tenant, String key, RateLimit limit) {
        try {
            return take(tenant, key, limit, 1).toCompletableFuture().join().allowed();
        } catch (CompletionException | CancellationException e) {
            throw StategridException.from(e);
        }
    }
}

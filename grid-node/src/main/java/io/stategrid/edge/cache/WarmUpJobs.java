package io.stategrid.edge.cache;

import io.stategrid.cache.WarmUpProgress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The warm-ups a member runs, as the admin routes start and watch them. A member registers its own in
 * the member context ({@code MemberContext}) under this type; an edge-only node has none.
 */
public interface WarmUpJobs {
    /**
     * Warms {@code cache} for {@code tenant}, calling {@code progress} after every batch (on the warm-up's
     * thread); the job is also what {@link #latest} shows.
     */
    WarmUpJob start(String tenant, String cache, Consumer<WarmUpProgress> progress);

    /** The running or last finished warm-up of {@code cache} for {@code tenant}. */
    Optional<? extends WarmUpJob> latest(String tenant, String cache);
}

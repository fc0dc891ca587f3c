package io.stategrid.internal.cache;

import io.stategrid.cache.WarmUpProgress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What a member with PostgreSQL registers (in its {@link io.stategrid.internal.MemberContext}) to warm caches from their
 * {@code warmUpSql}, so an SDK client's warm-up can run there. Not public API.
 */
public interface CacheWarmer {
    /**
     * Starts warming; {@code progress} is called after every batch, on the warm-up's thread.
     *
     * @throws io.stategrid.StategridException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} (no warm-up
     *         query) or {@code CONFLICT} (one runs already) at once
     */
    CompletionStage<WarmUpProgress> warm(String tenant, String cache, Consumer<WarmUpProgress> progress);
}

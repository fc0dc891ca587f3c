package io.stategrid.persistence;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Entries that persistence gave up on (permanent errors, a stale fencing token, or a shutdown while
 * PostgreSQL was away). Listing and retrying run on a member, which reaches PostgreSQL.
 */
public interface DeadLetters {
    /** Maximum page size of {@link #list}. */
    int MAX_PAGE = 1000;

    /**
     * Dead letters of {@code map} (every map if null) with an id above {@code afterId}, oldest first.
     *
     * @throws io.stategrid.StategridException {@code INVALID_ARGUMENT} for a limit outside 1..{@value #MAX_PAGE}
     */
    CompletionStage<List<DeadLetter>> list(String map, long afterId, int limit);

    /**
     * Writes the dead letter back through its map (so it is stored again, under the usual rules) and
     * removes it from the dead letters. Completes with false if no dead letter has this id.
     */
    CompletionStage<Boolean> retry(long id);
}

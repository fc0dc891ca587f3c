package io.stategrid.internal.persistence;

import io.stategrid.persistence.DeadLetter;
import java.util.List;

/** What a member offers for dead letters; implemented in loaders, reached through {@link io.stategrid.internal.MemberContext}. Not public API. */
public interface DeadLetterStore {
    List<DeadLetter> list(String map, long afterId, int limit);

    boolean retry(long id);
}

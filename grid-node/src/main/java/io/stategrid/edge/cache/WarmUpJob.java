package io.stategrid.edge.cache;

import io.stategrid.cache.WarmUpProgress;
import java.time.Instant;
import java.util.Optional;

/** One bulk warm-up of a cache on a member, as the admin routes show it: its progress so far, and how it ended. */
public interface WarmUpJob {
    String id();

    String tenant();

    String cache();

    Instant startedAt();

    WarmUpProgress progress();

    /** Why it failed, or null. */
    String error();

    Optional<Instant> finishedAt();

    boolean running();
}

package io.stategrid.internal.lock;

import io.stategrid.lock.SemaphoreLease;
import io.stategrid.lock.Semaphores;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Semaphores} with the calls the edge makes for its callers. Not public API. */
public interface SemaphoreService extends Semaphores {
    /** As {@link #acquire(String, int, int, Duration, Duration)}, recording {@code holder} (the edge passes the JWT subject). */
    CompletionStage<Optional<SemaphoreLease>> acquire(
            String name, int capacity, int permits, Duration lease, Duration wait, String holder);

    /** Returns the permits of holding {@code id} (the edge's callers present the id only). */
    CompletionStage<Void> release(String name, String id);

    @Override
    SemaphoreService forTenant(String tenant);
}

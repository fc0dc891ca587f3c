package io.stategrid.internal.lock;

import io.stategrid.lock.LockLease;
import io.stategrid.lock.Locks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Locks} with the calls the edge makes for its callers. Not public API. */
public interface LockService extends Locks {
    /** Like {@link #acquire(String, Duration, Duration)}, recording {@code holder} (the edge passes the JWT subject). */
    CompletionStage<Optional<LockLease>> acquire(String name, Duration lease, Duration wait, String holder);

    /** Releases the holding of {@code name} with {@code token} (the edge's callers present the token only). */
    CompletionStage<Void> release(String name, long token);

    @Override
    LockService forTenant(String tenant);
}

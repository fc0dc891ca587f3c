package io.stategrid.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Counting semaphores on the CP Subsystem whose permits are bound to leases: a holder that dies or
 * stalls past its lease gives its permits back without anyone releasing them. Acquisitions are
 * linearized by Raft. Names as for {@link Locks}. The capacity travels with every acquisition and the
 * latest one applies (lowering it never revokes permits already held; it only blocks new ones until
 * enough return).
 */
public interface Semaphores {
    /**
     * Takes {@code permits} of {@code capacity} for {@code lease}, waiting up to {@code wait} for them.
     * Empty if they did not become free in time.
     */
    CompletionStage<Optional<SemaphoreLease>> acquire(
            String name, int capacity, int permits, Duration lease, Duration wait);

    /**
     * Extends a live lease to {@code lease} from now.
     *
     * @throws io.stategrid.StategridException {@code CONFLICT} (through the stage) if it has run out or was released
     */
    CompletionStage<SemaphoreLease> renew(SemaphoreLease current, Duration lease);

    /**
     * Returns the permits.
     *
     * @throws io.stategrid.StategridException {@code CONFLICT} (through the stage) if the lease had run out or was released
     */
    CompletionStage<Void> release(SemaphoreLease lease);

    /** Capacity, free permits and live holders. */
    CompletionStage<SemaphoreInfo> describe(String name);

    /** The same semaphores scoped to a tenant, as the edge's callers of that tenant see them. */
    Semaphores forTenant(String tenant);
}

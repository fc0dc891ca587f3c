package io.stategrid.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Linearizable leased locks on the CP Subsystem (Raft), shared by SDK clients and edge callers.
 * Every acquisition returns a {@link LockLease} with a fencing token larger than any earlier one of
 * the same lock. A lease ends when it is released or when it expires; from then on its token is
 * refused by {@link #renew}, {@link #release}, {@link #validate} and by guarded writes
 * ({@link Fence}).
 *
 * <p>Names are 1–128 characters of {@code [A-Za-z0-9._:-]}. Lease expiry compares the clocks of
 * the acquiring processes; they must agree to well within a lease (NTP). Fencing at the resource
 * keeps data safe even when they do not. Waiters are woken when a lock is released and retry; there
 * is no fairness between them.
 */
public interface Locks {
    /** Default lease of {@link #lock} and {@link #tryLock}: renewed by this client while held. */
    Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    /**
     * Acquires {@code name} for {@code lease}, waiting up to {@code wait}. Empty when it could not
     * be acquired in time. The lease is not renewed automatically.
     */
    CompletionStage<Optional<LockLease>> acquire(String name, Duration lease, Duration wait);

    /**
     * Extends a live lease to {@code lease} from now.
     *
     * @throws io.stategrid.StategridException {@code CONFLICT} (through the stage) if it has expired or was released
     */
    CompletionStage<LockLease> renew(LockLease current, Duration lease);

    /**
     * Releases a live lease.
     *
     * @throws io.stategrid.StategridException {@code CONFLICT} (through the stage) if it is no longer held
     *         (expired, released, or someone else's)
     */
    CompletionStage<Void> release(LockLease lease);

    /** The live holding of {@code name}, if any. */
    CompletionStage<Optional<LockLease>> describe(String name);

    /**
     * Completes normally if {@code fence} names a live lease of its lock with that token.
     *
     * @throws io.stategrid.StategridException {@code FENCED} (through the stage) otherwise
     */
    CompletionStage<Void> validate(Fence fence);

    /**
     * Blocks until the lock is held. The lease ({@link #DEFAULT_LEASE}) is renewed by this client
     * until {@link #unlock}; if the client dies it runs out.
     */
    LockLease lock(String name);

    /** Like {@link #lock}, waiting at most {@code wait}; empty if not acquired in time. */
    Optional<LockLease> tryLock(String name, Duration wait);

    /**
     * Stops renewing and releases the lease.
     *
     * @throws io.stategrid.StategridException {@code CONFLICT} if it was no longer held
     */
    void unlock(LockLease lease);

    /**
     * Runs {@code action} with the lease while holding the lock, then releases it, also when the
     * action throws. Pass {@link LockLease#fence()} with every write the lock protects.
     *
     * @throws io.stategrid.StategridException {@code TIMEOUT} if the lock was not acquired within {@code wait}
     */
    <T> T withLock(String name, Duration wait, Function<LockLease, T> action);

    /**
     * The same locks scoped to a tenant: the ones the edge's callers of that tenant use. Locks of
     * different tenants never meet.
     */
    Locks forTenant(String tenant);
}

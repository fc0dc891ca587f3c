package io.stategrid.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Linearizable locks on the CP Subsystem (Raft). A lock is owned by the calling thread of this
 * client; it is re-entrant and is released if the client dies (its CP session expires).
 * Names are 1–128 characters of {@code [A-Za-z0-9._:-]}.
 */
public interface Locks {
    /** Blocks until the lock is held; returns the fencing token of this acquisition. */
    FencingToken lock(String name);

    /** Waits at most {@code timeout}; empty if the lock could not be acquired in time. */
    Optional<FencingToken> tryLock(String name, Duration timeout);

    /**
     * Releases one hold of the lock.
     *
     * @throws io.stategrid.StategridException with {@code CONFLICT} if this thread does not hold it
     */
    void unlock(String name);

    /**
     * Runs {@code action} with the fencing token while holding the lock, then releases it, also
     * when the action throws. Pass the token along with every write the lock protects.
     *
     * @throws io.stategrid.StategridException with {@code TIMEOUT} if the lock was not acquired in time
     */
    <T> T withLock(String name, Duration timeout, Function<FencingToken, T> action);
}

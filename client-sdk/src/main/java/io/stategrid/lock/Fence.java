package io.stategrid.lock;

import io.stategrid.StategridException;
import java.util.Optional;

/**
 * What a guarded write carries: the fencing token of the holding that makes it and, optionally,
 * the lock's name. The resource written to remembers the largest token it has accepted and refuses
 * a smaller one with {@code FENCED}; with a lock name the lease is also checked to be live first, so
 * a holder whose lease expired is refused even before anyone else took the lock.
 *
 * @param lock  the lock's name, or null to check the token at the resource only
 * @param token the holding's fencing token
 */
public record Fence(String lock, FencingToken token) {
    public Fence {
        if (token == null) {
            throw StategridException.invalid("a fence needs a fencing token");
        }
    }

    /** The fence of a lease: lease liveness and token order are both checked. */
    public static Fence of(LockLease lease) {
        if (lease == null) {
            throw StategridException.invalid("a fence needs a lease");
        }
        return new Fence(lease.name(), lease.token());
    }

    /** A token alone: checked against the largest token the resource has seen. */
    public static Fence token(long token) {
        if (token <= 0) {
            throw StategridException.invalid("a fencing token must be >= 1, got %d", token);
        }
        return new Fence(null, new FencingToken(token));
    }

    public Optional<String> lockName() {
        return Optional.ofNullable(lock);
    }
}

package io.stategrid.lock;

import java.time.Instant;

/**
 * One holding of a lock: valid until {@code expiresAt} unless renewed or released. The token is
 * the capability: renewing, releasing and guarded writes present it, and once the lease has
 * expired or was released every use of it is refused.
 *
 * @param name      the lock's name as the caller gave it
 * @param token     the fencing token of this holding, larger than every earlier holding's
 * @param holder    who holds it (the client or the JWT subject), for diagnostics
 * @param expiresAt when the lease runs out unless renewed
 */
public record LockLease(String name, FencingToken token, String holder, Instant expiresAt) {
    /** The fence a guarded write carries for this lease. */
    public Fence fence() {
        return Fence.of(this);
    }
}

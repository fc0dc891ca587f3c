package io.stategrid.lock.impl;

import java.io.Serializable;

/**
 * The replicated state of one lock in its CP AtomicReference. {@code lastToken} only grows, so a new
 * holding's token is always larger than every earlier one. Free when {@code holder} is null.
 */
record LockState(long lastToken, String holder, long token, long expiresAt) implements Serializable {
    static final LockState FREE = new LockState(0, null, 0, 0);

    static LockState orFree(LockState state) {
        return state == null ? FREE : state;
    }

    boolean heldAt(long now) {
        return holder != null && expiresAt > now;
    }

    boolean isLease(long token, long now) {
        return heldAt(now) && this.token == token;
    }

    LockState released() {
        return new LockState(lastToken, null, 0, 0);
    }
}

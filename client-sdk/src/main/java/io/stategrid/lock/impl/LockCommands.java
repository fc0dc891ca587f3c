package io.stategrid.lock.impl;

import com.hazelcast.core.IFunction;

/**
 * The state transitions of a lock, applied by the CP group's Raft log to its AtomicReference. Each
 * replica applies them, so they must be deterministic: the caller's clock reading travels inside
 * the command instead of being read where it runs. A command that does not apply leaves the state
 * unchanged; the caller tells from the state it gets back.
 */
final class LockCommands {
    private LockCommands() {}

    /** Takes the lock for {@code holder} if it is free or its lease has run out. */
    record Acquire(String holder, long now, long leaseMillis) implements IFunction<LockState, LockState> {
        @Override
        public LockState apply(LockState current) {
            LockState state = LockState.orFree(current);
            if (state.heldAt(now)) {
                return state;
            }
            long token = state.lastToken() + 1;
            return new LockState(token, holder, token, now + leaseMillis);
        }
    }

    /** Extends the live lease with {@code token}. */
    record Renew(long token, long now, long leaseMillis) implements IFunction<LockState, LockState> {
        @Override
        public LockState apply(LockState current) {
            LockState state = LockState.orFree(current);
            return state.isLease(token, now)
                    ? new LockState(state.lastToken(), state.holder(), token, now + leaseMillis)
                    : state;
        }
    }

    /** Frees the lock if {@code token} is its holding, live or run out (an expired holding is cleared too). */
    record Release(long token) implements IFunction<LockState, LockState> {
        @Override
        public LockState apply(LockState current) {
            LockState state = LockState.orFree(current);
            return state.holder() != null && state.token() == token ? state.released() : state;
        }
    }
}

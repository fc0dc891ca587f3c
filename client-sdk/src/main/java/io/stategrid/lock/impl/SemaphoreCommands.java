package io.stategrid.lock.impl;

import com.hazelcast.core.IFunction;

/**
 * State transitions of a semaphore, applied by Raft on every CP replica: deterministic, with the
 * caller's clock reading inside the command. One that does not apply changes nothing but dropping
 * expired holders; the caller tells from the state it gets back.
 */
final class SemaphoreCommands {
    private SemaphoreCommands() {}

    /** Adds holder {@code id} with {@code permits} if that many are free under {@code capacity}. */
    record Acquire(String id, String label, int permits, int capacity, long now, long leaseMillis)
            implements IFunction<SemaphoreState, SemaphoreState> {
        @Override
        public SemaphoreState apply(SemaphoreState current) {
            SemaphoreState state = SemaphoreState.orEmpty(current);
            if (state.usedAt(now) + permits > capacity) {
                return state.with(capacity, now, null, null);
            }
            return state.with(capacity, now, null, new SemaphoreState.Holder(id, label, permits, now + leaseMillis));
        }
    }

    /** Extends holder {@code id}'s live lease. */
    record Renew(String id, long now, long leaseMillis) implements IFunction<SemaphoreState, SemaphoreState> {
        @Override
        public SemaphoreState apply(SemaphoreState current) {
            SemaphoreState state = SemaphoreState.orEmpty(current);
            SemaphoreState.Holder holder = state.live(id, now);
            return holder == null
                    ? state
                    : state.with(
                            state.capacity(),
                            now,
                            id,
                            new SemaphoreState.Holder(id, holder.label(), holder.permits(), now + leaseMillis));
        }
    }

    /** Removes holder {@code id}. */
    record Release(String id, long now) implements IFunction<SemaphoreState, SemaphoreState> {
        @Override
        public SemaphoreState apply(SemaphoreState current) {
            SemaphoreState state = SemaphoreState.orEmpty(current);
            return state.with(state.capacity(), now, id, null);
        }
    }
}

package io.stategrid.lock.impl;

import com.hazelcast.core.IFunction;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * The state transitions of a lock, applied by the CP group's Raft log to its AtomicReference. Each
 * replica applies them, so they must be deterministic: the caller's clock reading travels inside
 * the command instead of being read where it runs. A command that does not apply leaves the state
 * unchanged; the caller tells from the state it gets back.
 */
final class LockCommands {
    private LockCommands() {}

    /** Takes the lock for {@code holder} if it is free or its lease has run out. */
    static final class Acquire implements IFunction<LockState, LockState>, IdentifiedDataSerializable {
        private String holder;
        private long now;
        private long leaseMillis;

        /** For deserialization only. */
        Acquire() {}

        Acquire(String holder, long now, long leaseMillis) {
            this.holder = holder;
            this.now = now;
            this.leaseMillis = leaseMillis;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.LOCK_ACQUIRE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(holder);
            out.writeLong(now);
            out.writeLong(leaseMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            holder = in.readString();
            now = in.readLong();
            leaseMillis = in.readLong();
        }

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
    static final class Renew implements IFunction<LockState, LockState>, IdentifiedDataSerializable {
        private long token;
        private long now;
        private long leaseMillis;

        /** For deserialization only. */
        Renew() {}

        Renew(long token, long now, long leaseMillis) {
            this.token = token;
            this.now = now;
            this.leaseMillis = leaseMillis;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.LOCK_RENEW;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(token);
            out.writeLong(now);
            out.writeLong(leaseMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            token = in.readLong();
            now = in.readLong();
            leaseMillis = in.readLong();
        }

        @Override
        public LockState apply(LockState current) {
            LockState state = LockState.orFree(current);
            return state.isLease(token, now)
                    ? new LockState(state.lastToken(), state.holder(), token, now + leaseMillis)
                    : state;
        }
    }

    /** Frees the lock if {@code token} is its holding, live or run out (an expired holding is cleared too). */
    static final class Release implements IFunction<LockState, LockState>, IdentifiedDataSerializable {
        private long token;

        /** For deserialization only. */
        Release() {}

        Release(long token) {
            this.token = token;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.LOCK_RELEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(token);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            token = in.readLong();
        }

        @Override
        public LockState apply(LockState current) {
            LockState state = LockState.orFree(current);
            return state.holder() != null && state.token() == token ? state.released() : state;
        }
    }
}

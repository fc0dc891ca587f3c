package io.stategrid.lock.impl;

import com.hazelcast.core.IFunction;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * State transitions of a semaphore, applied by Raft on every CP replica: deterministic, with the
 * caller's clock reading inside the command. One that does not apply changes nothing but dropping
 * expired holders; the caller tells from the state it gets back.
 */
final class SemaphoreCommands {
    private SemaphoreCommands() {}

    /** Adds holder {@code id} with {@code permits} if that many are free under {@code capacity}. */
    static final class Acquire implements IFunction<SemaphoreState, SemaphoreState>, IdentifiedDataSerializable {
        private String id;
        private String label;
        private int permits;
        private int capacity;
        private long now;
        private long leaseMillis;

        /** For deserialization only. */
        Acquire() {}

        Acquire(String id, String label, int permits, int capacity, long now, long leaseMillis) {
            this.id = id;
            this.label = label;
            this.permits = permits;
            this.capacity = capacity;
            this.now = now;
            this.leaseMillis = leaseMillis;
        }

        String id() {
            return id;
        }

        String label() {
            return label;
        }

        int permits() {
            return permits;
        }

        int capacity() {
            return capacity;
        }

        long leaseMillis() {
            return leaseMillis;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.SEMAPHORE_ACQUIRE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(id);
            out.writeString(label);
            out.writeInt(permits);
            out.writeInt(capacity);
            out.writeLong(now);
            out.writeLong(leaseMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            id = in.readString();
            label = in.readString();
            permits = in.readInt();
            capacity = in.readInt();
            now = in.readLong();
            leaseMillis = in.readLong();
        }

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
    static final class Renew implements IFunction<SemaphoreState, SemaphoreState>, IdentifiedDataSerializable {
        private String id;
        private long now;
        private long leaseMillis;

        /** For deserialization only. */
        Renew() {}

        Renew(String id, long now, long leaseMillis) {
            this.id = id;
            this.now = now;
            this.leaseMillis = leaseMillis;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.SEMAPHORE_RENEW;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(id);
            out.writeLong(now);
            out.writeLong(leaseMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            id = in.readString();
            now = in.readLong();
            leaseMillis = in.readLong();
        }

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
    static final class Release implements IFunction<SemaphoreState, SemaphoreState>, IdentifiedDataSerializable {
        private String id;
        private long now;

        /** For deserialization only. */
        Release() {}

        Release(String id, long now) {
            this.id = id;
            this.now = now;
        }

        @Override
        public int getFactoryId() {
            return LockSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LockSerializers.SEMAPHORE_RELEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(id);
            out.writeLong(now);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            id = in.readString();
            now = in.readLong();
        }

        @Override
        public SemaphoreState apply(SemaphoreState current) {
            SemaphoreState state = SemaphoreState.orEmpty(current);
            return state.with(state.capacity(), now, id, null);
        }
    }
}

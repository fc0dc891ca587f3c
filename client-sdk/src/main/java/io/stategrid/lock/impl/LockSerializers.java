package io.stategrid.lock.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The lock domain's {@code DataSerializableFactory}: the states held in CP AtomicReferences and the
 * commands Raft applies to them. Class ids are never reused.
 */
final class LockSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7312;
    static final int LOCK_STATE = 1;
    static final int SEMAPHORE_STATE = 2;
    static final int LOCK_ACQUIRE = 3;
    static final int LOCK_RENEW = 4;
    static final int LOCK_RELEASE = 5;
    static final int SEMAPHORE_ACQUIRE = 6;
    static final int SEMAPHORE_RENEW = 7;
    static final int SEMAPHORE_RELEASE = 8;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case LOCK_STATE -> new LockState();
            case SEMAPHORE_STATE -> new SemaphoreState();
            case LOCK_ACQUIRE -> new LockCommands.Acquire();
            case LOCK_RENEW -> new LockCommands.Renew();
            case LOCK_RELEASE -> new LockCommands.Release();
            case SEMAPHORE_ACQUIRE -> new SemaphoreCommands.Acquire();
            case SEMAPHORE_RENEW -> new SemaphoreCommands.Renew();
            case SEMAPHORE_RELEASE -> new SemaphoreCommands.Release();
            default -> null;
        };
    }
}

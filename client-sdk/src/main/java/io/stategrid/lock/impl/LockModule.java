package io.stategrid.lock.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.internal.lock.LockService;
import io.stategrid.internal.lock.SemaphoreService;
import java.time.Clock;
import java.util.Map;

/** The lock domain: leased locks and semaphores on the CP Subsystem. Not public API. */
public final class LockModule implements GridModule, LockFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(LockSerializers.FACTORY_ID, new LockSerializers());
    }

    @Override
    public LockService locks(HazelcastInstance hazelcast) {
        return new GridLocks(hazelcast);
    }

    @Override
    public LockService locks(HazelcastInstance hazelcast, Clock clock) {
        return new GridLocks(hazelcast, clock);
    }

    @Override
    public SemaphoreService semaphores(LockService locks) {
        if (!(locks instanceof GridLocks gridLocks)) {
            throw new IllegalArgumentException("semaphores need locks made by this module, got " + locks);
        }
        return new GridSemaphores(gridLocks);
    }
}

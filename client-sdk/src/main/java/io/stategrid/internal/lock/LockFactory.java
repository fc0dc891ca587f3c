package io.stategrid.internal.lock;

import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;

/** Builds the lock domain's services; {@code GridModule.find(LockFactory.class)}. Not public API. */
public interface LockFactory {
    /** Leased locks over {@code hazelcast}, stamped by the system clock. */
    LockService locks(HazelcastInstance hazelcast);

    /** Leased locks stamped by {@code clock} (tests move it). */
    LockService locks(HazelcastInstance hazelcast, Clock clock);

    /** Semaphores sharing the clock, waiters and scoping of {@code locks} (made by this factory). */
    SemaphoreService semaphores(LockService locks);
}

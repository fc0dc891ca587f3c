package io.stategrid.lock.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where callers waiting for a lock park: each retries when the lock is released anywhere in the
 * cluster (a message on {@value #TOPIC}) or at its own deadline, whichever comes first. A lost
 * message only delays a waiter until its deadline, which is never later than the holder's expiry
 * or {@link #MAX_PARK_MILLIS}.
 */
final class LockWaiters {
    static final String TOPIC = "stategrid-lock-events";
    static final long MAX_PARK_MILLIS = 250;

    private final ITopic<String> releases;
    private final Map<String, Set<Waiter>> byKey = new ConcurrentHashMap<>();
    // Releases heard per key: a waiter whose attempt failed while a release went by retries at once
    // instead of sleeping through the wake-up it missed.
    private final Map<String, Long> released = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    LockWaiters(HazelcastInstance hazelcast) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stategrid-lock-waits");
            thread.setDaemon(true);
            return thread;
        });
        this.releases = hazelcast.getTopic(TOPIC);
        // Registered once, up front: adding a listener blocks, so never on a caller's (event loop) thread.
        releases.addMessageListener(message -> wake(message.getMessageObject()));
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** How many releases of {@code key} this client has heard of; read before an attempt, pass to {@link #park}. */
    long releases(String key) {
        return released.getOrDefault(key, 0L);
    }

    /**
     * Runs {@code retry} on this class's thread after at most {@code millis}, earlier if {@code key} is
     * released, at once if it was released since {@code seen} was read.
     */
    void park(String key, long millis, long seen, Runnable retry) {
        Waiter waiter = new Waiter(key, retry);
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.timer =
                scheduler.schedule(waiter::fire, Math.max(1, Math.min(millis, MAX_PARK_MILLIS)), TimeUnit.MILLISECONDS);
        if (releases(key) != seen) {
            scheduler.execute(waiter::fire);
        }
    }

    /** Tells every waiter in the cluster; from this class's thread, since callers may be on a partition thread. */
    void announceRelease(String key) {
        scheduler.execute(() -> releases.publishAsync(key));
    }

    private void wake(String key) {
        released.merge(key, 1L, Long::sum);
        Set<Waiter> waiting = byKey.get(key);
        if (waiting != null) {
            for (Waiter waiter : waiting) {
                scheduler.execute(waiter::fire);
            }
        }
    }

    private final class Waiter {
        private final String key;
        private final Runnable retry;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private Waiter(String key, Runnable retry) {
            this.key = key;
            this.retry = retry;
        }

        private void fire() {
            if (fired.compareAndSet(false, true)) {
                ScheduledFuture<?> pending = timer;
                if (pending != null) {
                    pending.cancel(false);
                }
                byKey.computeIfPresent(key, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
                retry.run();
            }
        }
    }
}

package io.stategrid.lock.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import io.stategrid.StategridException;
import io.stategrid.internal.Stages;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CP AtomicReference proxies of locks and semaphores, kept once fetched: a Hazelcast client asks
 * the cluster for the CP group on every {@code getAtomicReference} (a blocking round trip, about a third
 * of a lock+release pair). The first fetch of a name runs on {@link Stages#CHAIN},
 * never on the caller's thread (an event loop at the edge). Not public API.
 */
final class CpRefs<T> {
    private final HazelcastInstance hazelcast;
    private final String prefix;
    private final Map<String, CompletableFuture<IAtomicReference<T>>> refs = new ConcurrentHashMap<>();

    CpRefs(HazelcastInstance hazelcast, String prefix) {
        this.hazelcast = hazelcast;
        this.prefix = prefix;
    }

    CompletableFuture<IAtomicReference<T>> get(String key) {
        CompletableFuture<IAtomicReference<T>> ref = refs.computeIfAbsent(
                key,
                k -> CompletableFuture.supplyAsync(
                        () -> hazelcast.getCPSubsystem().<T>getAtomicReference(prefix + k), Stages.CHAIN));
        if (ref.isCompletedExceptionally()) {
            // A failed lookup (cluster away) is not remembered.
            refs.remove(key, ref);
            return ref.exceptionally(failure -> {
                throw StategridException.from(failure);
            });
        }
        return ref;
    }
}

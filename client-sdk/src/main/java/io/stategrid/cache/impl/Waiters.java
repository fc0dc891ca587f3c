package io.stategrid.cache.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Callers of this process waiting for another caller's load of a grid key, woken by cache events. */
final class Waiters {
    private final Map<String, List<CompletableFuture<Void>>> byKey = new ConcurrentHashMap<>();

    /** Registered before asking the owner, so an event that arrives in between is not missed. */
    CompletableFuture<Void> register(String gridKey) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        byKey.computeIfAbsent(gridKey, k -> new CopyOnWriteArrayList<>()).add(signal);
        return signal;
    }

    void unregister(String gridKey, CompletableFuture<Void> signal) {
        byKey.computeIfPresent(gridKey, (k, list) -> {
            list.remove(signal);
            return list.isEmpty() ? null : list;
        });
    }

    void signal(String gridKey) {
        List<CompletableFuture<Void>> waiting = byKey.remove(gridKey);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }
}

package io.stategrid.lock.impl;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The replicated state of one semaphore in its CP AtomicReference; holders past their lease do not count. */
record SemaphoreState(int capacity, List<Holder> holders) implements Serializable {
    static final SemaphoreState EMPTY = new SemaphoreState(0, List.of());

    record Holder(String id, String label, int permits, long expiresAt) implements Serializable {}

    static SemaphoreState orEmpty(SemaphoreState state) {
        return state == null ? EMPTY : state;
    }

    List<Holder> liveAt(long now) {
        return holders.stream().filter(h -> h.expiresAt() > now).toList();
    }

    int usedAt(long now) {
        return liveAt(now).stream().mapToInt(Holder::permits).sum();
    }

    Holder live(String id, long now) {
        for (Holder holder : holders) {
            if (holder.id().equals(id) && holder.expiresAt() > now) {
                return holder;
            }
        }
        return null;
    }

    /** Drops expired holders and {@code drop}, then adds {@code add} (either may be null). */
    SemaphoreState with(int newCapacity, long now, String drop, Holder add) {
        List<Holder> next = new ArrayList<>();
        for (Holder holder : liveAt(now)) {
            if (!holder.id().equals(drop)) {
                next.add(holder);
            }
        }
        if (add != null) {
            next.add(add);
        }
        return new SemaphoreState(newCapacity, List.copyOf(next));
    }
}

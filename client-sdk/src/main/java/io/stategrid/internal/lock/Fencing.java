package io.stategrid.internal.lock;

import io.stategrid.internal.Stages;
import io.stategrid.lock.Fence;
import io.stategrid.lock.Locks;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The lease check of a guarded write, the same for every resource: if the write's fence names a lock,
 * that lock's lease with the fence's token must still be live before the write runs; otherwise the
 * write fails with {@code FENCED} and never starts. The resource itself then refuses a token older
 * than one it has accepted, so a holder that lost its lease between the two steps cannot overwrite its
 * successor; that token check stays with each resource. Not public API.
 */
public final class Fencing {
    private final Locks locks;

    /** Checks leases in {@code locks}: an SDK client's own locks, or the edge's, scoped per call to a tenant. */
    public Fencing(Locks locks) {
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    /**
     * Runs {@code write} once {@code fence}, if it names a lock, is a live lease of this checker's own
     * locks (an SDK caller's); at once without a fence or with a token alone.
     */
    public <T> CompletionStage<T> guarded(Fence fence, Supplier<CompletionStage<T>> write) {
        return guarded(fence == null ? List.of() : List.of(fence), write);
    }

    /** As {@link #guarded(Fence, Supplier)} with the locks of {@code tenant} (the edge's callers). */
    public <T> CompletionStage<T> guarded(String tenant, Fence fence, Supplier<CompletionStage<T>> write) {
        if (!namesLock(fence)) {
            return write.get();
        }
        return locks.forTenant(tenant).validate(fence).thenComposeAsync(live -> write.get(), Stages.CHAIN);
    }

    /**
     * Runs {@code write} once every fence of a batch that names a lock is a live lease of this checker's
     * own locks; each distinct fence is checked once, all of them at the same time. Null fences (unguarded
     * writes of the batch) are skipped.
     */
    public <T> CompletionStage<T> guarded(Collection<Fence> fences, Supplier<CompletionStage<T>> write) {
        List<Fence> checked =
                fences.stream().filter(Fencing::namesLock).distinct().toList();
        if (checked.isEmpty()) {
            return write.get();
        }
        if (checked.size() == 1) {
            return locks.validate(checked.get(0)).thenComposeAsync(live -> write.get(), Stages.CHAIN);
        }
        CompletableFuture<?>[] leases = checked.stream()
                .map(fence -> locks.validate(fence).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(leases).thenComposeAsync(live -> write.get(), Stages.CHAIN);
    }

    private static boolean namesLock(Fence fence) {
        return fence != null && fence.lock() != null;
    }
}

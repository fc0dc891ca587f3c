package io.stategrid.lock.impl;

import com.hazelcast.cp.IAtomicReference;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.lock.SemaphoreService;
import io.stategrid.lock.SemaphoreInfo;
import io.stategrid.lock.SemaphoreLease;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Leased semaphores, each a CP AtomicReference holding a {@link SemaphoreState} changed only by
 * {@link SemaphoreCommands}. Hazelcast's ISemaphore binds permits to a CP session, not to a lease an
 * HTTP caller can hold across requests; this shares the leased locks' clock, waiters and scoping.
 * Not public API.
 */
final class GridSemaphores implements SemaphoreService {
    static final int MAX_CAPACITY = 1_000_000;

    private final GridLocks locks;
    private final String scope;
    private final CpRefs<SemaphoreState> refs;

    GridSemaphores(GridLocks locks) {
        this(locks, "", new CpRefs<>(locks.hazelcast(), "stategrid.semaphore."));
    }

    private GridSemaphores(GridLocks locks, String scope, CpRefs<SemaphoreState> refs) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.scope = scope;
        this.refs = refs;
    }

    @Override
    public GridSemaphores forTenant(String tenant) {
        return new GridSemaphores(locks, GridLocks.scope(tenant), refs);
    }

    @Override
    public CompletionStage<Optional<SemaphoreLease>> acquire(
            String name, int capacity, int permits, Duration lease, Duration wait) {
        return acquire(name, capacity, permits, lease, wait, locks.self());
    }

    @Override
    public CompletionStage<Optional<SemaphoreLease>> acquire(
            String name, int capacity, int permits, Duration lease, Duration wait, String holder) {
        String key = key(name);
        if (capacity < 1 || capacity > MAX_CAPACITY || permits < 1 || permits > capacity) {
            throw StategridException.invalid(
                    "need 1 <= permits <= capacity <= %d, got permits %d of capacity %d",
                    MAX_CAPACITY, permits, capacity);
        }
        long leaseMillis = GridLocks.requireLease(lease);
        long waitMillis = GridLocks.requireWait(wait);
        Names.requireSubject(holder);
        String id = UUID.randomUUID().toString();
        CompletableFuture<Optional<SemaphoreLease>> result = new CompletableFuture<>();
        attempt(
                key,
                name,
                new SemaphoreCommands.Acquire(id, holder, permits, capacity, 0, leaseMillis),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis),
                result);
        return result;
    }

    private void attempt(
            String key,
            String name,
            SemaphoreCommands.Acquire template,
            long deadlineNanos,
            CompletableFuture<Optional<SemaphoreLease>> result) {
        long now = locks.clock().millis();
        long seen = locks.waiters().releases(key);
        SemaphoreCommands.Acquire command = new SemaphoreCommands.Acquire(
                template.id(), template.label(), template.permits(), template.capacity(), now, template.leaseMillis());
        ref(key).thenCompose(r -> Stages.plain(r.alterAndGetAsync(command))).whenComplete((state, failure) -> {
            if (failure != null) {
                result.completeExceptionally(StategridException.from(failure));
                return;
            }
            SemaphoreState.Holder mine = state.live(template.id(), now);
            if (mine != null) {
                result.complete(Optional.of(lease(name, mine)));
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                result.complete(Optional.empty());
                return;
            }
            long firstExpiry = state.liveAt(now).stream()
                    .mapToLong(SemaphoreState.Holder::expiresAt)
                    .min()
                    .orElse(now + 1);
            locks.waiters()
                    .park(
                            key,
                            Math.min(left, Math.max(1, firstExpiry - now)),
                            seen,
                            () -> attempt(key, name, template, deadlineNanos, result));
        });
    }

    @Override
    public CompletionStage<SemaphoreLease> renew(SemaphoreLease current, Duration lease) {
        Objects.requireNonNull(current, "lease");
        String key = key(current.name());
        long leaseMillis = GridLocks.requireLease(lease);
        long now = locks.clock().millis();
        return ref(key).thenCompose(r ->
                        Stages.plain(r.alterAndGetAsync(new SemaphoreCommands.Renew(current.id(), now, leaseMillis))))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(state -> {
                    SemaphoreState.Holder holder = state.live(current.id(), now);
                    if (holder == null) {
                        throw notHeld(current.name(), current.id());
                    }
                    return lease(current.name(), holder);
                });
    }

    @Override
    public CompletionStage<Void> release(SemaphoreLease lease) {
        Objects.requireNonNull(lease, "lease");
        return release(lease.name(), lease.id());
    }

    @Override
    public CompletionStage<Void> release(String name, String id) {
        String key = key(name);
        long now = locks.clock().millis();
        return ref(key).thenCompose(r -> Stages.plain(r.getAndAlterAsync(new SemaphoreCommands.Release(id, now))))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(previous -> {
                    locks.waiters().announceRelease(key);
                    if (SemaphoreState.orEmpty(previous).live(id, now) == null) {
                        throw notHeld(name, id);
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<SemaphoreInfo> describe(String name) {
        String key = key(name);
        return ref(key).thenCompose(r -> Stages.plain(r.getAsync()))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(found -> {
                    SemaphoreState state = SemaphoreState.orEmpty(found);
                    long now = locks.clock().millis();
                    return new SemaphoreInfo(
                            name,
                            state.capacity(),
                            Math.max(0, state.capacity() - state.usedAt(now)),
                            state.liveAt(now).size());
                });
    }

    private static SemaphoreLease lease(String name, SemaphoreState.Holder holder) {
        return new SemaphoreLease(
                name, holder.id(), holder.permits(), holder.label(), Instant.ofEpochMilli(holder.expiresAt()));
    }

    private static StategridException notHeld(String name, String id) {
        return StategridException.of(
                ErrorCode.CONFLICT,
                "semaphore '%s' has no live holding %s (its lease ran out or it was released)",
                name,
                id);
    }

    private CompletableFuture<IAtomicReference<SemaphoreState>> ref(String key) {
        return refs.get(key);
    }

    private String key(String name) {
        return GridLocks.key(scope, name, "semaphore");
    }
}

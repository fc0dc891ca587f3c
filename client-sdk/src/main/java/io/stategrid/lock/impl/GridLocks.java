package io.stategrid.lock.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.lock.LockService;
import io.stategrid.lock.Fence;
import io.stategrid.lock.FencingToken;
import io.stategrid.lock.LockLease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Leased locks, each a CP AtomicReference holding a {@link LockState} that only {@link LockCommands}
 * change, so acquisitions are linearized by Raft and tokens only grow. Hazelcast's FencedLock is not
 * used: it belongs to a (CP session, thread) pair, has no lease and no async API, so an HTTP or
 * WebSocket caller could not hold it across requests or release it through another edge.
 * Not public API.
 */
final class GridLocks implements LockService {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");
    static final Duration MIN_LEASE = Duration.ofMillis(10);
    static final Duration MAX_LEASE = Duration.ofDays(1);

    private final HazelcastInstance hazelcast;
    private final Clock clock;
    private final String scope;
    private final String self;
    private final LockWaiters waiters;
    private final Map<Long, ScheduledFuture<?>> renewals;
    private final CpRefs<LockState> refs;

    GridLocks(HazelcastInstance hazelcast) {
        this(hazelcast, Clock.systemUTC());
    }

    /** With the clock that stamps leases (tests move it). */
    GridLocks(HazelcastInstance hazelcast, Clock clock) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scope = "";
        this.self = hazelcast.getName();
        this.waiters = new LockWaiters(hazelcast);
        this.renewals = new ConcurrentHashMap<>();
        this.refs = new CpRefs<>(hazelcast, "stategrid.lock.");
    }

    private GridLocks(GridLocks parent, String scope) {
        this.hazelcast = parent.hazelcast;
        this.clock = parent.clock;
        this.scope = scope;
        this.self = parent.self;
        this.waiters = parent.waiters;
        this.renewals = parent.renewals;
        this.refs = parent.refs;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    Clock clock() {
        return clock;
    }

    String self() {
        return self;
    }

    LockWaiters waiters() {
        return waiters;
    }

    /** The prefix a tenant's names get: '~' cannot appear in a name, so scoped keys never collide with others. */
    static String scope(String tenant) {
        Names.requireTenant(tenant);
        return "~" + tenant + "~";
    }

    /** {@code name}, checked, as a key within {@code scope}. */
    static String key(String scope, String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StategridException.invalid(
                    "%s name must be 1-128 characters of [A-Za-z0-9._:-], got '%s'", what, name);
        }
        return scope + name;
    }

    @Override
    public GridLocks forTenant(String tenant) {
        return new GridLocks(this, scope(tenant));
    }

    @Override
    public CompletionStage<Optional<LockLease>> acquire(String name, Duration lease, Duration wait) {
        return acquire(name, lease, wait, self);
    }

    @Override
    public CompletionStage<Optional<LockLease>> acquire(String name, Duration lease, Duration wait, String holder) {
        String key = key(name);
        long leaseMillis = requireLease(lease);
        long waitMillis = requireWait(wait);
        Names.requireSubject(holder);
        // A unique suffix tells this acquisition apart from any other of the same holder.
        String holderId = holder + "#" + UUID.randomUUID();
        CompletableFuture<Optional<LockLease>> result = new CompletableFuture<>();
        // Waiting is measured on the monotonic clock; only leases use the (injectable) wall clock.
        attempt(
                key,
                name,
                holderId,
                leaseMillis,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis),
                result);
        return result;
    }

    private void attempt(
            String key,
            String name,
            String holderId,
            long leaseMillis,
            long deadlineNanos,
            CompletableFuture<Optional<LockLease>> result) {
        long now = clock.millis();
        long seen = waiters.releases(key);
        ref(key).thenCompose(
                        r -> Stages.plain(r.alterAndGetAsync(new LockCommands.Acquire(holderId, now, leaseMillis))))
                .whenComplete((state, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(StategridException.from(failure));
                    } else if (holderId.equals(state.holder())) {
                        result.complete(Optional.of(lease(name, state)));
                    } else {
                        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                        if (left <= 0) {
                            result.complete(Optional.empty());
                        } else {
                            // Retried on the waiters' thread (this one may be a member's partition thread) when the
                            // lock is released, when the lease runs out, or at the deadline.
                            long untilExpiry = Math.max(1, state.expiresAt() - clock.millis());
                            waiters.park(
                                    key,
                                    Math.min(left, untilExpiry),
                                    seen,
                                    () -> attempt(key, name, holderId, leaseMillis, deadlineNanos, result));
                        }
                    }
                });
    }

    @Override
    public CompletionStage<LockLease> renew(LockLease current, Duration lease) {
        Objects.requireNonNull(current, "lease");
        String key = key(current.name());
        long leaseMillis = requireLease(lease);
        long now = clock.millis();
        long token = current.token().value();
        return ref(key).thenCompose(
                        r -> Stages.plain(r.alterAndGetAsync(new LockCommands.Renew(token, now, leaseMillis))))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(state -> {
                    if (!state.isLease(token, now)) {
                        throw notHeld(current.name(), token);
                    }
                    return lease(current.name(), state);
                });
    }

    @Override
    public CompletionStage<Void> release(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        return release(lease.name(), lease.token().value());
    }

    @Override
    public CompletionStage<Void> release(String name, long token) {
        String key = key(name);
        long now = clock.millis();
        return ref(key).thenCompose(r -> Stages.plain(r.getAndAlterAsync(new LockCommands.Release(token))))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(previous -> {
                    LockState before = LockState.orFree(previous);
                    if (before.holder() != null && before.token() == token) {
                        waiters.announceRelease(key);
                    }
                    if (!before.isLease(token, now)) {
                        throw notHeld(name, token);
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<Optional<LockLease>> describe(String name) {
        String key = key(name);
        return ref(key).thenCompose(r -> Stages.plain(r.getAsync()))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(state -> {
                    LockState current = LockState.orFree(state);
                    return current.heldAt(clock.millis()) ? Optional.of(lease(name, current)) : Optional.empty();
                });
    }

    @Override
    public CompletionStage<Void> validate(Fence fence) {
        Objects.requireNonNull(fence, "fence");
        if (fence.lock() == null) {
            return CompletableFuture.completedFuture(null);
        }
        String key = key(fence.lock());
        long token = fence.token().value();
        return ref(key).thenCompose(r -> Stages.plain(r.getAsync()))
                .exceptionally(failure -> {
                    throw StategridException.from(failure);
                })
                .thenApply(state -> {
                    if (!LockState.orFree(state).isLease(token, clock.millis())) {
                        throw StategridException.of(
                                ErrorCode.FENCED,
                                "fencing token %d is not a live lease of lock '%s' (expired, released or superseded)",
                                token,
                                fence.lock());
                    }
                    return null;
                });
    }

    @Override
    public LockLease lock(String name) {
        while (true) {
            Optional<LockLease> lease = tryLock(name, Duration.ofMinutes(1));
            if (lease.isPresent()) {
                return lease.get();
            }
        }
    }

    @Override
    public Optional<LockLease> tryLock(String name, Duration wait) {
        Optional<LockLease> lease = await(acquire(name, DEFAULT_LEASE, wait));
        lease.ifPresent(this::keepRenewing);
        return lease;
    }

    @Override
    public void unlock(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        ScheduledFuture<?> renewal = renewals.remove(lease.token().value());
        if (renewal != null) {
            renewal.cancel(false);
        }
        await(release(lease));
    }

    @Override
    public <T> T withLock(String name, Duration wait, Function<LockLease, T> action) {
        Objects.requireNonNull(action, "action");
        LockLease lease = tryLock(name, wait)
                .orElseThrow(() -> StategridException.of(
                        ErrorCode.TIMEOUT, "lock '%s' not acquired within %d ms", name, wait.toMillis()));
        try {
            return action.apply(lease);
        } finally {
            unlock(lease);
        }
    }

    /** Renews a lease taken by {@link #tryLock} every third of its lease until unlocked or lost. */
    private void keepRenewing(LockLease lease) {
        long period = DEFAULT_LEASE.toMillis() / 3;
        long token = lease.token().value();
        renewals.put(
                token,
                waiters.scheduler()
                        .scheduleAtFixedRate(
                                () -> renew(lease, DEFAULT_LEASE).whenComplete((renewed, failure) -> {
                                    if (failure != null
                                            && StategridException.from(failure).code() == ErrorCode.CONFLICT) {
                                        ScheduledFuture<?> lost = renewals.remove(token);
                                        if (lost != null) {
                                            lost.cancel(false);
                                        }
                                    }
                                }),
                                period,
                                period,
                                TimeUnit.MILLISECONDS));
    }

    private LockLease lease(String name, LockState state) {
        String holder = state.holder();
        int hash = holder.lastIndexOf('#');
        return new LockLease(
                name,
                new FencingToken(state.token()),
                hash < 0 ? holder : holder.substring(0, hash),
                Instant.ofEpochMilli(state.expiresAt()));
    }

    private CompletableFuture<IAtomicReference<LockState>> ref(String key) {
        return refs.get(key);
    }

    private String key(String name) {
        return key(scope, name, "lock");
    }

    private static StategridException notHeld(String name, long token) {
        return StategridException.of(
                ErrorCode.CONFLICT,
                "lock '%s' is not held with token %d (its lease expired, it was released, or it is someone else's)",
                name,
                token);
    }

    static long requireLease(Duration lease) {
        if (lease == null || lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw StategridException.invalid(
                    "lease must be between %d ms and %d ms, got %s", MIN_LEASE.toMillis(), MAX_LEASE.toMillis(), lease);
        }
        return lease.toMillis();
    }

    static long requireWait(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw StategridException.invalid("wait must be >= 0, got %s", wait);
        }
        return wait.toMillis();
    }

    static <T> T await(CompletionStage<T> stage) {
        return Stages.await(stage);
    }
}

package io.stategrid.client.impl;

import com.hazelcast.cp.CPSubsystem;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.lock.FencingToken;
import io.stategrid.lock.Locks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Locks over Hazelcast's FencedLock in the default CP group. */
final class CpLocks implements Locks {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");

    private final CPSubsystem cp;

    CpLocks(CPSubsystem cp) {
        this.cp = cp;
    }

    @Override
    public FencingToken lock(String name) {
        FencedLock lock = lockNamed(name);
        try {
            return new FencingToken(lock.lockAndGetFence());
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public Optional<FencingToken> tryLock(String name, Duration timeout) {
        FencedLock lock = lockNamed(name);
        requireTimeout(timeout);
        try {
            long fence = lock.tryLockAndGetFence(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return fence == FencedLock.INVALID_FENCE ? Optional.empty() : Optional.of(new FencingToken(fence));
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public void unlock(String name) {
        FencedLock lock = lockNamed(name);
        try {
            lock.unlock();
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public <T> T withLock(String name, Duration timeout, Function<FencingToken, T> action) {
        Objects.requireNonNull(action, "action");
        FencingToken token = tryLock(name, timeout).orElseThrow(() -> StategridException.of(ErrorCode.TIMEOUT,
                "lock '%s' not acquired within %d ms", name, timeout.toMillis()));
        try {
            return action.apply(token);
        } finally {
            unlock(name);
        }
    }

    private FencedLock lockNamed(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StategridException.invalid("lock name must be 1-128 characters of [A-Za-z0-9._:-], got '%s'", name);
        }
        return cp.getLock(name);
    }

    private static void requireTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw StategridException.invalid("timeout must be >= 0, got %s", timeout);
        }
    }

    private static StategridException translate(String name, RuntimeException e) {
        if (e instanceof IllegalMonitorStateException) {
            return StategridException.of(ErrorCode.CONFLICT, "lock '%s' is not held by this thread", name);
        }
        if (e instanceof LockOwnershipLostException) {
            return StategridException.of(ErrorCode.CONFLICT, "lock '%s' was lost: its CP session expired", name);
        }
        return StategridException.from(e);
    }
}

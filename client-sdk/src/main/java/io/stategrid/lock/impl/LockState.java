package io.stategrid.lock.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Objects;

/**
 * The replicated state of one lock in its CP AtomicReference. {@code lastToken} only grows, so a new
 * holding's token is always larger than every earlier one. Free when {@code holder} is null.
 */
final class LockState implements IdentifiedDataSerializable {
    private long lastToken;
    private String holder;
    private long token;
    private long expiresAt;

    /** For deserialization only. */
    LockState() {}

    LockState(long lastToken, String holder, long token, long expiresAt) {
        this.lastToken = lastToken;
        this.holder = holder;
        this.token = token;
        this.expiresAt = expiresAt;
    }

    long lastToken() {
        return lastToken;
    }

    String holder() {
        return holder;
    }

    long token() {
        return token;
    }

    long expiresAt() {
        return expiresAt;
    }

    @Override
    public int getFactoryId() {
        return LockSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LockSerializers.LOCK_STATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(lastToken);
        out.writeString(holder);
        out.writeLong(token);
        out.writeLong(expiresAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        lastToken = in.readLong();
        holder = in.readString();
        token = in.readLong();
        expiresAt = in.readLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LockState o
                && lastToken == o.lastToken
                && Objects.equals(holder, o.holder)
                && token == o.token
                && expiresAt == o.expiresAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastToken, holder, token, expiresAt);
    }

    @Override
    public String toString() {
        return "LockState[" + lastToken + ", " + holder + ", " + token + ", " + expiresAt + "]";
    }

    static final LockState FREE = new LockState(0, null, 0, 0);

    static LockState orFree(LockState state) {
        return state == null ? FREE : state;
    }

    boolean heldAt(long now) {
        return holder != null && expiresAt > now;
    }

    boolean isLease(long token, long now) {
        return heldAt(now) && this.token == token;
    }

    LockState released() {
        return new LockState(lastToken, null, 0, 0);
    }
}

package io.stategrid.ratelimit.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ratelimit.RateLimitDecision;
import java.io.IOException;
import java.time.Duration;

/** What {@link TakePermits} answers, on the wire; the caller turns it into a {@link RateLimitDecision}. */
final class TakeOutcome implements IdentifiedDataSerializable {
    private boolean allowed;
    private long remaining;
    private long retryAfterMillis;
    private long limit;

    TakeOutcome() {}

    TakeOutcome(boolean allowed, long remaining, long retryAfterMillis, long limit) {
        this.allowed = allowed;
        this.remaining = remaining;
        this.retryAfterMillis = retryAfterMillis;
        this.limit = limit;
    }

    RateLimitDecision decision() {
        return new RateLimitDecision(allowed, remaining, Duration.ofMillis(retryAfterMillis), limit);
    }

    @Override
    public int getFactoryId() {
        return RateLimitSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RateLimitSerializers.OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(allowed);
        out.writeLong(remaining);
        out.writeLong(retryAfterMillis);
        out.writeLong(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        allowed = in.readBoolean();
        remaining = in.readLong();
        retryAfterMillis = in.readLong();
        limit = in.readLong();
    }
}

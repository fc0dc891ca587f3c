package io.stategrid.ratelimit.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.time.Duration;

/**
 * Hazelcast's IdentifiedDataSerializable for the rate-limit processors, answers and states, as for
 * documents (a take is on the hot path of every limited request). Registered on every member and
 * client by {@link RateLimitModule}.
 */
final class RateLimitSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7304;
    static final int TAKE = 1;
    static final int STORE_STATE = 2;
    static final int OUTCOME = 3;
    static final int TOKEN_BUCKET = 4;
    static final int SLIDING_LOG = 5;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case TAKE -> new TakePermits();
            case STORE_STATE -> new StoreState();
            case OUTCOME -> new TakeOutcome();
            case TOKEN_BUCKET -> new TokenBucket();
            case SLIDING_LOG -> new SlidingLog();
            default -> null;
        };
    }

    static void writeLimit(ObjectDataOutput out, RateLimit limit) throws IOException {
        out.writeByte(limit.algorithm().ordinal());
        out.writeLong(limit.limit());
        out.writeLong(limit.periodMillis());
        out.writeLong(limit.burst());
    }

    static RateLimit readLimit(ObjectDataInput in) throws IOException {
        return new RateLimit(
                RateLimit.Algorithm.values()[in.readByte()],
                in.readLong(),
                Duration.ofMillis(in.readLong()),
                in.readLong());
    }
}

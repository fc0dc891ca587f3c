package io.stategrid.ratelimit.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A token bucket. Tokens are counted in token-milliseconds ({@code credit} = tokens x period in ms):
 * every millisecond adds exactly {@code limit} of them and a permit costs exactly {@code period}, so
 * refill is integer arithmetic with no rounding to drift, and the wait for missing tokens is exact to
 * the millisecond. {@code at} is the member time {@code credit} was measured at; a member clock that
 * reads earlier than {@code at} (a new owner running behind) refills nothing until it catches up.
 */
final class TokenBucket implements LimiterState {
    private long limit;
    private long periodMillis;
    private long burst;
    private long credit;
    private long at;

    TokenBucket() {}

    private TokenBucket(long limit, long periodMillis, long burst, long credit, long at) {
        this.limit = limit;
        this.periodMillis = periodMillis;
        this.burst = burst;
        this.credit = credit;
        this.at = at;
    }

    static TokenBucket full(RateLimit limit, long now) {
        return new TokenBucket(
                limit.limit(), limit.periodMillis(), limit.burst(), limit.burst() * limit.periodMillis(), now);
    }

    /** This bucket under a changed limit: refilled at the old rate until now, then rescaled and capped. */
    TokenBucket under(RateLimit next, long now) {
        if (next.limit() == limit && next.periodMillis() == periodMillis && next.burst() == burst) {
            return this;
        }
        TokenBucket current = refilled(now);
        long rescaled = BigInteger.valueOf(current.credit)
                .multiply(BigInteger.valueOf(next.periodMillis()))
                .divide(BigInteger.valueOf(periodMillis))
                .longValueExact();
        long capacity = next.burst() * next.periodMillis();
        return new TokenBucket(
                next.limit(), next.periodMillis(), next.burst(), Math.min(rescaled, capacity), current.at);
    }

    private long capacity() {
        return burst * periodMillis;
    }

    private TokenBucket refilled(long now) {
        long missing = capacity() - credit;
        if (now <= at || missing <= 0) {
            return this;
        }
        long elapsed = now - at;
        // Compared before multiplying: elapsed * limit could overflow after a long idle time.
        long filled = elapsed >= ceilDiv(missing, limit) ? capacity() : credit + elapsed * limit;
        return new TokenBucket(limit, periodMillis, burst, filled, now);
    }

    @Override
    public Step take(long permits, long now) {
        TokenBucket current = refilled(now);
        long cost = permits * periodMillis;
        if (current.credit >= cost) {
            TokenBucket next =
                    new TokenBucket(limit, periodMillis, burst, current.credit - cost, Math.max(current.at, now));
            return new Step(true, next.credit / periodMillis, 0, next);
        }
        long wait = ceilDiv(cost - current.credit, limit) + Math.max(0, current.at - now);
        return new Step(false, current.credit / periodMillis, wait, null);
    }

    @Override
    public long idleMillis(long now) {
        return ceilDiv(capacity() - credit, limit) + Math.max(0, at - now);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public int getFactoryId() {
        return RateLimitSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RateLimitSerializers.TOKEN_BUCKET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(limit);
        out.writeLong(periodMillis);
        out.writeLong(burst);
        out.writeLong(credit);
        out.writeLong(at);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = in.readLong();
        periodMillis = in.readLong();
        burst = in.readLong();
        credit = in.readLong();
        at = in.readLong();
    }

    @Override
    public String toString() {
        return "TokenBucket[" + limit + "/" + periodMillis + "ms, burst " + burst + ", tokens "
                + (double) credit / periodMillis + " at " + at + "]";
    }
}

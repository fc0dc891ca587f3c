package io.stategrid.ratelimit.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.ratelimit.RateLimitFactory;
import io.stategrid.internal.ratelimit.RateLimitService;
import java.util.Map;

/** The rate-limit domain: token buckets and sliding windows, and their serializers. Not public API. */
public final class RateLimitModule implements GridModule, RateLimitFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(RateLimitSerializers.FACTORY_ID, new RateLimitSerializers());
    }

    @Override
    public RateLimitService rateLimits(HazelcastInstance hazelcast) {
        return new GridRateLimits(hazelcast);
    }
}

package io.stategrid.internal.ratelimit;

import com.hazelcast.core.HazelcastInstance;

/** Builds the rate-limit domain's services; {@code GridModule.find(RateLimitFactory.class)}. Not public API. */
public interface RateLimitFactory {
    RateLimitService rateLimits(HazelcastInstance hazelcast);
}

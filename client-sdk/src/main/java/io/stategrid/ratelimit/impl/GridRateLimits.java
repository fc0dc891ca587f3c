package io.stategrid.ratelimit.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.StategridException;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.ratelimit.RateLimitService;
import io.stategrid.ratelimit.RateLimit;
import io.stategrid.ratelimit.RateLimitDecision;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Rate limits over the {@value #MAP} map, one {@link TakePermits} entry processor per take. */
final class GridRateLimits implements RateLimitService {
    static final String MAP = "stategrid-ratelimits";

    private final IMap<String, LimiterState> map;

    GridRateLimits(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(MAP);
    }

    /** The map key of a caller's key; tenants cannot contain '/', so two tenants' keys never meet. */
    static String key(String tenant, String key) {
        return tenant + "/" + key;
    }

    /** The map key of the edge's per-subject limit; tenants cannot contain '#', so it never meets a caller's key. */
    static String subjectKey(String tenant, String subject) {
        return tenant + "#subject/" + subject;
    }

    @Override
    public CompletionStage<RateLimitDecision> take(String tenant, String key, RateLimit limit, long permits) {
        try {
            Names.requireTenant(tenant);
            Names.requireRateLimitKey(key);
            requirePermits(Arguments.present(limit, "limit"), permits);
            return send(key(tenant, key), limit, permits);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    @Override
    public CompletionStage<RateLimitDecision> takeForSubject(String tenant, String subject, RateLimit limit) {
        try {
            Names.requireTenant(tenant);
            Names.requireSubject(subject);
            Arguments.present(limit, "limit");
            return send(subjectKey(tenant, subject), limit, 1);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    private static void requirePermits(RateLimit limit, long permits) {
        if (permits < 1 || permits > limit.capacity()) {
            throw StategridException.invalid(
                    "permits must be between 1 and the limit's capacity (%d), got %d", limit.capacity(), permits);
        }
    }

    private CompletionStage<RateLimitDecision> send(String mapKey, RateLimit limit, long permits) {
        CompletableFuture<RateLimitDecision> result = new CompletableFuture<>();
        Stages.plain(map.submitToKey(mapKey, new TakePermits(limit, permits))).whenComplete((outcome, failure) -> {
            if (failure != null) {
                result.completeExceptionally(StategridException.from(failure));
            } else {
                result.complete(outcome.decision());
            }
        });
        return result;
    }
}

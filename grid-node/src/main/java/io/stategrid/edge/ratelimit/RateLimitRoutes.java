package io.stategrid.edge.ratelimit;

import io.stategrid.StategridException;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.RateLimitResponses;
import io.stategrid.edge.http.Routes;
import io.stategrid.ratelimit.RateLimit;
import io.stategrid.ratelimit.RateLimits;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /v1/ratelimits/{key}/_take {algorithm, limit, periodMs, burst?, permits?}}: takes permits
 * from a limit of the caller's tenant; {@code 200 {allowed, remaining, retryAfterMs, limit}}, or 429
 * with {@code Retry-After} and the same fields. Needs the {@value #TAKE_ROLE} role (or {@code admin}).
 */
public final class RateLimitRoutes {
    static final String TAKE_ROLE = "ratelimits:take";
    private static final Set<String> FIELDS = Set.of("algorithm", "limit", "periodMs", "burst", "permits");

    private final RateLimits rateLimits;

    public RateLimitRoutes(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    public void mount(Router router) {
        router.post("/v1/ratelimits/:key/_take").handler(this::take);
    }

    private void take(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx).require("taking from rate limits", TAKE_ROLE);
        String key = ctx.pathParam("key");
        JsonObject body = Routes.jsonBody(ctx);
        RateLimit limit = limit(body);
        long permits = body.containsKey("permits") ? Routes.positive(body, "permits") : 1;
        Routes.reply(
                ctx,
                rateLimits.take(caller.tenant(), key, limit, permits),
                decision -> RateLimitResponses.send(
                        ctx, decision, "rate limit '" + key + "' has fewer than " + permits + " permits left"));
    }

    /** The limit a body describes; the SDK's factories validate the values. */
    private static RateLimit limit(JsonObject body) {
        Set<String> unknown = new TreeSet<>(body.fieldNames());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw StategridException.invalid("unknown fields %s; a take has %s", unknown, new TreeSet<>(FIELDS));
        }
        Object name = body.getValue("algorithm");
        if (!(name instanceof String algorithmName)) {
            throw StategridException.invalid(
                    "\"algorithm\" must be \"token-bucket\" or \"sliding-window\", got %s", name);
        }
        RateLimit.Algorithm algorithm = RateLimit.Algorithm.fromWire(algorithmName);
        long limit = Routes.positive(body, "limit");
        Duration period = Duration.ofMillis(Routes.positive(body, "periodMs"));
        if (algorithm == RateLimit.Algorithm.SLIDING_WINDOW) {
            if (body.containsKey("burst")) {
                throw StategridException.invalid(
                        "\"burst\" applies to token-bucket only; a sliding window's limit is its burst");
            }
            return RateLimit.slidingWindow(limit, period);
        }
        return RateLimit.tokenBucket(limit, period, body.containsKey("burst") ? Routes.positive(body, "burst") : limit);
    }
}

package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.ratelimit.RateLimitDecision;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a rate-limit decision leaves the edge, for the take route and the per-subject limit alike: the
 * decision fields, and when denied, 429 with the JSON error and {@code Retry-After} in whole seconds
 * rounded up (the exact wait is in {@code retryAfterMs}).
 */
public final class RateLimitResponses {
    private RateLimitResponses() {}

    public static JsonObject fields(RateLimitDecision decision) {
        return new JsonObject()
                .put("allowed", decision.allowed())
                .put("remaining", decision.remaining())
                .put("retryAfterMs", decision.retryAfter().toMillis())
                .put("limit", decision.limit());
    }

    /** 200 with the decision when allowed, else the 429. */
    public static void send(RoutingContext ctx, RateLimitDecision decision, String deniedMessage) {
        if (decision.allowed()) {
            Routes.json(ctx, 200, fields(decision));
        } else {
            sendDenied(ctx, decision, deniedMessage);
        }
    }

    public static void sendDenied(RoutingContext ctx, RateLimitDecision decision, String message) {
        long millis = decision.retryAfter().toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        Routes.json(
                ctx,
                ErrorResponses.status(ErrorCode.RATE_LIMITED),
                ErrorResponses.body(ErrorCode.RATE_LIMITED, message).mergeIn(fields(decision)));
    }
}

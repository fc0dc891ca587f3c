package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.ratelimit.RateLimitService;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.ratelimit.RateLimitDecision;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-subject limit on authenticated routes: one take from the caller's own limit per request,
 * then the next handler, or 429 with {@code Retry-After}. Waits for the grid without blocking the
 * event loop; the request is paused meanwhile so no body bytes are lost before the body handler.
 * When the grid does not answer in time the request is served or refused as {@code failOpen} says.
 */
public final class SubjectRateLimiter implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectRateLimiter.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final RateLimitService rateLimits;
    private final NodeOptions.SubjectRateLimit options;
    private final AtomicLong lastLogged = new AtomicLong();

    public SubjectRateLimiter(RateLimitService rateLimits, NodeOptions.SubjectRateLimit options) {
        this.rateLimits = rateLimits;
        this.options = options;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.pause();
        }
        CompletableFuture<RateLimitDecision> decision = rateLimits
                .takeForSubject(caller.tenant(), caller.subject(), options.limit())
                .toCompletableFuture()
                .orTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        GridFutures.onContext(decision, ctx.vertx().getOrCreateContext()).onComplete(result -> {
            if (!request.isEnded()) {
                request.resume();
            }
            if (result.succeeded()) {
                if (result.result().allowed()) {
                    ctx.next();
                } else {
                    RateLimitResponses.sendDenied(
                            ctx,
                            result.result(),
                            "subject '" + caller.subject() + "' is over the edge's per-subject rate limit");
                }
            } else if (options.failOpen()) {
                logFailOpen(result.cause());
                ctx.next();
            } else {
                ctx.fail(StategridException.of(
                        ErrorCode.UNAVAILABLE,
                        "the per-subject rate limit cannot be checked: %s",
                        result.cause() instanceof StategridException se
                                ? se.description()
                                : result.cause().getMessage()));
            }
        });
    }

    /** One line per interval: an unreachable grid would otherwise log once per request. */
    private void logFailOpen(Throwable cause) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            LOG.warn(
                    "per-subject rate limit not checked, serving requests unlimited (subjectRateLimit.failOpen): {}",
                    cause.getMessage());
        }
    }
}

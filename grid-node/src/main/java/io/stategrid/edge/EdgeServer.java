package io.stategrid.edge;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stategrid.edge.admin.AdminRoutes;
import io.stategrid.edge.cache.CacheAdminRoutes;
import io.stategrid.edge.cache.CacheRoutes;
import io.stategrid.edge.counter.CounterRoutes;
import io.stategrid.edge.document.DocumentRoutes;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.ErrorResponses;
import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.ReadinessProbe;
import io.stategrid.edge.http.RevokedSessions;
import io.stategrid.edge.http.Routes;
import io.stategrid.edge.http.SubjectRateLimiter;
import io.stategrid.edge.lock.LockRoutes;
import io.stategrid.edge.lock.SemaphoreRoutes;
import io.stategrid.edge.ratelimit.RateLimitRoutes;
import io.stategrid.edge.realtime.RealtimeHub;
import io.stategrid.edge.session.SessionRoutes;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP edge: health (open), then every {@code /v1} route behind JWT authentication and the body
 * limit, and one JSON error model for every failure. Handlers stay thin: parse, authorize, call the
 * domain service, map the result.
 */
public final class EdgeServer implements AutoCloseable {
    private final HttpServer server;

    private EdgeServer(HttpServer server) {
        this.server = server;
    }

    public static Future<EdgeServer> start(
            Vertx vertx,
            NodeOptions nodeOptions,
            JwtVerifier verifier,
            ReadinessProbe readiness,
            PrometheusMeterRegistry metrics,
            GridAccess grid) {
        NodeOptions.Edge options = nodeOptions.edge();
        SessionRoutes sessionRoutes =
                new SessionRoutes(grid.sessions(), verifier, grid.refreshTokens(), nodeOptions.jwt(), grid.locks());
        Router router = Router.router(vertx);
        Map<String, Timer> timers = new ConcurrentHashMap<>();
        router.route().handler(ctx -> timeRequest(ctx, metrics, timers));

        router.get("/health/live").handler(ctx -> Routes.json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            ReadinessProbe.Snapshot snapshot = readiness.latest();
            Routes.json(ctx, snapshot.ready() ? 200 : 503, snapshot.toJson());
        });

        // The refresh token is this route's credential: it is used exactly when the access token has expired.
        router.post("/v1/tokens/refresh")
                .handler(BodyHandler.create(false).setBodyLimit(Math.min(options.bodyLimitBytes(), 16_384)))
                .handler(sessionRoutes::refresh);

        RevokedSessions revoked = new RevokedSessions(grid.hazelcast());
        AuthHandler auth = new AuthHandler(verifier, revoked);
        // The WebSocket endpoint authenticates its upgrade (or first message) with the same checks, before
        // the /v1/* handler: browsers cannot send headers.
        RealtimeHub realtime = new RealtimeHub(nodeOptions.realtime(), nodeOptions.locks(), grid, auth, revoked);
        realtime.bindMetrics(metrics);
        realtime.mount(router);

        // Authenticate before reading a body, so anonymous callers cannot make the edge buffer anything.
        router.route("/v1/*").handler(auth);
        router.route("/metrics").handler(auth).handler(AuthHandler.requireAdmin());
        // Before the body handler: a caller over its limit does not get to make the edge buffer a body.
        if (nodeOptions.subjectRateLimit().enabled()) {
            router.route("/v1/*").handler(new SubjectRateLimiter(grid.rateLimits(), nodeOptions.subjectRateLimit()));
        }
        router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(options.bodyLimitBytes()));

        router.get("/v1/whoami").handler(ctx -> {
            Principal principal = AuthHandler.principal(ctx);
            Routes.json(
                    ctx,
                    200,
                    new JsonObject()
                            .put("sub", principal.subject())
                            .put("tenant", principal.tenant())
                            .put(
                                    "roles",
                                    new JsonArray(new TreeSet<>(principal.roles())
                                            .stream().toList()))
                            .put("claims", principal.claims()));
        });
        // Vert.x tries routes in order, decoding the path for each: the hottest read, the cache GET, goes first.
        new CacheRoutes(grid.caches(), grid.locks()).mount(router);
        new AdminRoutes(grid).mount(router);
        sessionRoutes.mount(router);
        new DocumentRoutes(grid.documents(), grid.locks()).mount(router);
        new LockRoutes(grid.locks(), nodeOptions.locks()).mount(router);
        new SemaphoreRoutes(grid.semaphores(), nodeOptions.locks()).mount(router);
        new RateLimitRoutes(grid.rateLimits()).mount(router);
        new CounterRoutes(grid.counters()).mount(router);
        new CacheAdminRoutes(grid.caches(), grid.hazelcast()).mount(router);
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.scrape()));

        router.route().failureHandler(ErrorResponses.failureHandler(options.bodyLimitBytes()));
        router.errorHandler(404, ctx -> ErrorResponses.send(ctx, ErrorResponses.fromStatus(404)));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx, ErrorResponses.fromStatus(405)));
        router.errorHandler(413, ctx -> ErrorResponses.send(ctx, ErrorResponses.tooLarge(options.bodyLimitBytes())));

        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setCompressionSupported(false)
                // No permessage-deflate on /v1/ws (Vert.x offers it by default): ops are a few hundred bytes, so
                // deflating each frame per socket costs more than sending it, and clients pay again to inflate it.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Vert.x decodes form bodies itself; let only the body limit bound them.
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, options.bodyLimitBytes()))
                .setMaxFormBufferedBytes((int) Math.min(Integer.MAX_VALUE, options.bodyLimitBytes()))
                .setIdleTimeout(120)
                // Up to 4x the message limit is read and answered with a PAYLOAD_TOO_LARGE message; beyond, closed.
                .setMaxWebSocketFrameSize(4 * nodeOptions.realtime().maxFrameBytes())
                .setMaxWebSocketMessageSize(4 * nodeOptions.realtime().maxFrameBytes());
        return vertx.createHttpServer(serverOptions)
                .requestHandler(router)
                .listen()
                .map(EdgeServer::new);
    }

    public int port() {
        return server.actualPort();
    }

    /** Times the request; {@code timers} caches one timer per method and status class of this edge. */
    private static void timeRequest(RoutingContext ctx, PrometheusMeterRegistry metrics, Map<String, Timer> timers) {
        long start = System.nanoTime();
        String method = ctx.request().method().name();
        ctx.addEndHandler(done -> {
            String status = (ctx.response().getStatusCode() / 100) + "xx";
            timers.computeIfAbsent(
                            method + " " + status,
                            key -> Timer.builder("stategrid.http.server.requests")
                                    .description("Edge HTTP requests by method and status class")
                                    .tag("method", method)
                                    .tag("status", status)
                                    .register(metrics))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the listening socket is gone either way once Vert.x itself closes
        }
    }
}

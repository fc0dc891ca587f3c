package io.stategrid.edge.lock;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.lock.SemaphoreService;
import io.stategrid.lock.SemaphoreLease;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /v1/semaphores/{name}}: leased permits for HTTP callers, in the caller's tenant, with the
 * roles of {@link LockRoutes}. The holding's id is the capability: renew and release present it.
 */
public final class SemaphoreRoutes {
    private final SemaphoreService semaphores;
    private final NodeOptions.Locks options;

    public SemaphoreRoutes(SemaphoreService semaphores, NodeOptions.Locks options) {
        this.semaphores = semaphores;
        this.options = options;
    }

    public void mount(Router router) {
        router.post("/v1/semaphores/:name").handler(this::acquire);
        router.post("/v1/semaphores/:name/_renew").handler(this::renew);
        router.delete("/v1/semaphores/:name").handler(this::release);
        router.get("/v1/semaphores/:name").handler(this::describe);
    }

    private void acquire(RoutingContext ctx) {
        Principal caller = LockRoutes.caller(ctx, true);
        String name = ctx.pathParam("name");
        JsonObject body = Routes.jsonBody(ctx);
        int capacity = (int) Math.min(Integer.MAX_VALUE, Routes.positive(body, "capacity"));
        int permits =
                body.containsKey("permits") ? (int) Math.min(Integer.MAX_VALUE, Routes.positive(body, "permits")) : 1;
        Duration lease = LockRoutes.lease(body, options);
        Duration wait = Duration.ofMillis(
                LockRoutes.millis(body, "waitMs", 0, options.maxWait().toMillis(), 0));
        Routes.reply(
                ctx,
                semaphores.forTenant(caller.tenant()).acquire(name, capacity, permits, lease, wait, caller.subject()),
                acquired -> Routes.json(
                        ctx,
                        200,
                        json(acquired.orElseThrow(() -> StategridException.of(
                                ErrorCode.CONFLICT,
                                "semaphore '%s' has fewer than %d free permits (waited %d ms)",
                                name,
                                permits,
                                wait.toMillis())))));
    }

    private void renew(RoutingContext ctx) {
        Principal caller = LockRoutes.caller(ctx, true);
        String name = ctx.pathParam("name");
        JsonObject body = Routes.jsonBody(ctx);
        SemaphoreLease presented =
                new SemaphoreLease(name, id(body.getValue("id")), 0, caller.subject(), Instant.EPOCH);
        Routes.reply(
                ctx,
                semaphores.forTenant(caller.tenant()).renew(presented, LockRoutes.lease(body, options)),
                renewed -> Routes.json(ctx, 200, json(renewed)));
    }

    private void release(RoutingContext ctx) {
        Principal caller = LockRoutes.caller(ctx, true);
        String name = ctx.pathParam("name");
        String id = id(ctx.queryParams().get("id"));
        Routes.reply(
                ctx,
                semaphores.forTenant(caller.tenant()).release(name, id),
                done -> ctx.response().setStatusCode(204).end());
    }

    private void describe(RoutingContext ctx) {
        Principal caller = LockRoutes.caller(ctx, false);
        Routes.reply(
                ctx,
                semaphores.forTenant(caller.tenant()).describe(ctx.pathParam("name")),
                info -> Routes.json(
                        ctx,
                        200,
                        new JsonObject()
                                .put("name", info.name())
                                .put("capacity", info.capacity())
                                .put("available", info.available())
                                .put("holders", info.holders())));
    }

    private static String id(Object value) {
        if (value instanceof String id && id.length() == 36) {
            return id;
        }
        throw StategridException.invalid("\"id\" must be the holding's id from the acquire response, got %s", value);
    }

    private static JsonObject json(SemaphoreLease lease) {
        return new JsonObject()
                .put("name", lease.name())
                .put("id", lease.id())
                .put("permits", lease.permits())
                .put("holder", lease.holder())
                .put("expiresAt", lease.expiresAt().toString())
                .put("expiresAtMs", lease.expiresAt().toEpochMilli());
    }
}

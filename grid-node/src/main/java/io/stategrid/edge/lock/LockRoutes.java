package io.stategrid.edge.lock;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.lock.LockService;
import io.stategrid.lock.FencingToken;
import io.stategrid.lock.LockLease;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /v1/locks/{name}}: leased locks for HTTP callers, in the caller's tenant. Acquiring, renewing
 * and releasing need {@value #WRITE_ROLE} (or admin), looking needs {@value #READ_ROLE} or
 * {@value #WRITE_ROLE}. The fencing token is the capability: renew and release present it.
 */
public final class LockRoutes {
    static final String READ_ROLE = "locks:read";
    public static final String WRITE_ROLE = "locks:write";

    private final LockService locks;
    private final NodeOptions.Locks options;

    public LockRoutes(LockService locks, NodeOptions.Locks options) {
        this.locks = locks;
        this.options = options;
    }

    public void mount(Router router) {
        router.post("/v1/locks/:name").handler(this::acquire);
        router.post("/v1/locks/:name/_renew").handler(this::renew);
        router.delete("/v1/locks/:name").handler(this::release);
        router.get("/v1/locks/:name").handler(this::describe);
    }

    private void acquire(RoutingContext ctx) {
        Principal caller = caller(ctx, true);
        String name = ctx.pathParam("name");
        JsonObject body = Routes.jsonBody(ctx);
        Duration lease = lease(body, options);
        Duration wait =
                Duration.ofMillis(millis(body, "waitMs", 0, options.maxWait().toMillis(), 0));
        Routes.reply(ctx, locks.forTenant(caller.tenant()).acquire(name, lease, wait, caller.subject()), acquired -> {
            LockLease held = acquired.orElseThrow(() -> StategridException.of(
                    ErrorCode.CONFLICT, "lock '%s' is held by someone else (waited %d ms)", name, wait.toMillis()));
            Routes.json(ctx, 200, json(held));
        });
    }

    private void renew(RoutingContext ctx) {
        Principal caller = caller(ctx, true);
        String name = ctx.pathParam("name");
        JsonObject body = Routes.jsonBody(ctx);
        long token = Routes.positive(body, "token");
        LockLease presented = new LockLease(name, new FencingToken(token), caller.subject(), Instant.EPOCH);
        Routes.reply(
                ctx,
                locks.forTenant(caller.tenant()).renew(presented, lease(body, options)),
                renewed -> Routes.json(ctx, 200, json(renewed)));
    }

    private void release(RoutingContext ctx) {
        Principal caller = caller(ctx, true);
        String name = ctx.pathParam("name");
        String header = ctx.request().getHeader(Routes.FENCING_TOKEN);
        String query = ctx.queryParams().get("token");
        String token = header != null ? header : query;
        if (token == null) {
            throw StategridException.invalid(
                    "releasing a lock needs its token: a %s header or ?token=", Routes.FENCING_TOKEN);
        }
        long value = Routes.positive(new JsonObject().put("token", parse(token)), "token");
        Routes.reply(
                ctx,
                locks.forTenant(caller.tenant()).release(name, value),
                done -> ctx.response().setStatusCode(204).end());
    }

    private void describe(RoutingContext ctx) {
        Principal caller = caller(ctx, false);
        String name = ctx.pathParam("name");
        Routes.reply(
                ctx,
                locks.forTenant(caller.tenant()).describe(name),
                held -> Routes.json(
                        ctx,
                        200,
                        held.map(LockRoutes::json)
                                .orElseGet(
                                        () -> new JsonObject().put("name", name).put("held", false))));
    }

    public static JsonObject json(LockLease lease) {
        return new JsonObject()
                .put("name", lease.name())
                .put("held", true)
                .put("token", lease.token().value())
                .put("holder", lease.holder())
                .put("expiresAt", lease.expiresAt().toString())
                .put("expiresAtMs", lease.expiresAt().toEpochMilli());
    }

    public static Duration lease(JsonObject body, NodeOptions.Locks options) {
        return Duration.ofMillis(millis(
                body,
                "leaseMs",
                10,
                options.maxLease().toMillis(),
                options.defaultLease().toMillis()));
    }

    /** A whole number of milliseconds in [min, max], or {@code absent} when the field is missing. */
    public static long millis(JsonObject body, String field, long min, long max, long absent) {
        Object value = body.getValue(field);
        if (value == null) {
            return absent;
        }
        if (value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && n.longValue() >= min
                && n.longValue() <= max) {
            return n.longValue();
        }
        throw StategridException.invalid(
                "\"%s\" must be a whole number of milliseconds in [%d, %d], got %s", field, min, max, value);
    }

    private static Object parse(String token) {
        try {
            return Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            return token;
        }
    }

    /** The caller, if its roles allow the access; semaphores use the same roles. */
    static Principal caller(RoutingContext ctx, boolean write) {
        Principal caller = AuthHandler.principal(ctx);
        return write
                ? caller.require("taking or releasing locks", WRITE_ROLE)
                : caller.require("looking at locks", READ_ROLE, WRITE_ROLE);
    }
}

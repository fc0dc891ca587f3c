package io.stategrid.edge.admin;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.GridFutures;
import io.stategrid.edge.http.Routes;
import io.stategrid.persistence.DeadLetter;
import io.stategrid.persistence.DeadLetters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Operator routes under {@code /v1/admin}, for the admin role: dead letters. */
public final class AdminRoutes {
    private static final int DEFAULT_LIMIT = 100;

    private final StategridClient grid;

    public AdminRoutes(StategridClient grid) {
        this.grid = grid;
    }

    public void mount(Router router) {
        router.route("/v1/admin/*").handler(AuthHandler.requireAdmin());
        router.get("/v1/admin/dead-letters").handler(this::list);
        router.post("/v1/admin/dead-letters/:id/_retry").handler(this::retry);
    }

    private void list(RoutingContext ctx) {
        String map = ctx.queryParams().get("map");
        long after = longParam(ctx, "after", 0);
        long limit = longParam(ctx, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > DeadLetters.MAX_PAGE) {
            ctx.fail(StategridException.invalid("limit must be between 1 and %d, got %d", DeadLetters.MAX_PAGE, limit));
            return;
        }
        GridFutures.onContext(
                        grid.deadLetters().list(map, after, (int) limit),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(letters -> Routes.json(ctx, 200, page(letters)))
                .onFailure(ctx::fail);
    }

    private void retry(RoutingContext ctx) {
        long id = parseId(ctx.pathParam("id"));
        GridFutures.onContext(grid.deadLetters().retry(id), ctx.vertx().getOrCreateContext())
                .onSuccess(found -> {
                    if (found) {
                        Routes.json(ctx, 200, new JsonObject().put("id", id).put("retried", true));
                    } else {
                        ctx.fail(StategridException.of(ErrorCode.NOT_FOUND, "no dead letter %d", id));
                    }
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject page(List<DeadLetter> letters) {
        JsonArray items = new JsonArray();
        for (DeadLetter letter : letters) {
            items.add(new JsonObject()
                    .put("id", letter.id())
                    .put("map", letter.map())
                    .put("key", letter.key())
                    .put("operation", letter.operation())
                    .put("value", letter.value())
                    .put("error", letter.error())
                    .put("attempts", letter.attempts())
                    .put("createdAt", letter.createdAt().toString()));
        }
        JsonObject body = new JsonObject().put("items", items);
        if (!letters.isEmpty()) {
            body.put("next", letters.get(letters.size() - 1).id());
        }
        return body;
    }

    private static long longParam(RoutingContext ctx, String name, long fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value < 0) {
                throw StategridException.invalid("%s must be >= 0, got %d", name, value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw StategridException.invalid("%s must be a whole number, got '%s'", name, raw);
        }
    }

    private static long parseId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw StategridException.invalid("dead letter id must be a positive whole number, got '%s'", raw);
    }
}

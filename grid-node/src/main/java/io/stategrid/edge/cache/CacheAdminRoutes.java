package io.stategrid.edge.cache;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.Json;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.node.config.CacheSpecJson;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Operator routes of caches under {@code /v1/admin/caches} (the admin role, checked for all of
 * {@code /v1/admin}): create a cache at run time, start a bulk warm-up and watch its progress. Warm-ups
 * run on the member behind this edge; an edge-only node answers UNAVAILABLE.
 */
public final class CacheAdminRoutes {
    private final CacheService caches;
    private final HazelcastInstance hazelcast;

    public CacheAdminRoutes(CacheService caches, HazelcastInstance hazelcast) {
        this.caches = caches;
        this.hazelcast = hazelcast;
    }

    public void mount(Router router) {
        router.post("/v1/admin/caches").handler(this::create);
        router.post("/v1/admin/caches/:cache/_warm").handler(this::startWarmUp);
        router.get("/v1/admin/caches/:cache/_warm").handler(this::warmUpProgress);
    }

    /** {@code POST /v1/admin/caches} with the settings as in {@code stategrid.yaml}: 201 and the cache's settings. */
    private void create(RoutingContext ctx) {
        Routes.jsonBody(ctx);
        CacheSpec spec = CacheSpecJson.read(Json.readTree(ctx.body().asString()));
        if (!spec.persistence().equals("none")) {
            // A MapStore must be in a member's configuration before its map exists: only caches: in stategrid.yaml.
            throw StategridException.invalid(
                    "cache %s: persistence '%s' is only for caches configured in"
                            + " stategrid.yaml; runtime caches live in the grid only",
                    spec.name(), spec.persistence());
        }
        Routes.reply(
                ctx,
                caches.create(spec),
                created -> ctx.response()
                        .setStatusCode(201)
                        .putHeader(HttpHeaders.LOCATION, "/v1/caches/" + created.name())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(CacheJson.spec(created, true)));
    }

    /** {@code POST .../_warm {"tenant"?}}: 202 and the job; the caller's tenant unless it names another. */
    private void startWarmUp(RoutingContext ctx) {
        String tenant = tenant(ctx, Routes.jsonBody(ctx).getValue("tenant"));
        WarmUpJobs warmUps = warmUps();
        String cache = ctx.pathParam("cache");
        // Looking the cache up may block on the grid the first time: off the event loop.
        Routes.reply(
                ctx,
                ctx.vertx()
                        .executeBlocking(() -> warmUps.start(tenant, cache, step -> {}), false)
                        .toCompletionStage(),
                job -> {
                    ctx.response()
                            .putHeader(
                                    HttpHeaders.LOCATION,
                                    "/v1/admin/caches/" + job.cache() + "/_warm?tenant=" + tenant);
                    Routes.json(ctx, 202, json(job));
                });
    }

    /** {@code GET .../_warm?tenant=}: the running or last warm-up of the cache on this member. */
    private void warmUpProgress(RoutingContext ctx) {
        String cache = ctx.pathParam("cache");
        String tenant = tenant(ctx, ctx.queryParams().get("tenant"));
        WarmUpJob job = warmUps()
                .latest(tenant, cache)
                .orElseThrow(() -> StategridException.of(
                        ErrorCode.NOT_FOUND, "no warm-up of cache %s for tenant %s on this member", cache, tenant));
        Routes.json(ctx, 200, json(job));
    }

    private WarmUpJobs warmUps() {
        Optional<WarmUpJobs> service = MemberContext.find(hazelcast, WarmUpJobs.class);
        return service.orElseThrow(() -> StategridException.of(
                ErrorCode.UNAVAILABLE,
                "warm-ups run on members; this edge-only node has no database (call a member's edge)"));
    }

    private static String tenant(RoutingContext ctx, Object named) {
        if (named == null) {
            return AuthHandler.principal(ctx).tenant();
        }
        if (!(named instanceof String tenant) || tenant.isBlank()) {
            throw StategridException.invalid("tenant must be a non-empty string, got %s", named);
        }
        return tenant;
    }

    static JsonObject json(WarmUpJob job) {
        WarmUpProgress progress = job.progress();
        JsonObject body = new JsonObject()
                .put("job", job.id())
                .put("cache", job.cache())
                .put("tenant", job.tenant())
                .put("state", job.running() ? "running" : job.error() == null ? "done" : "failed")
                .put("total", progress.total())
                .put("loaded", progress.loaded())
                .put("done", progress.done())
                .put("startedAt", job.startedAt().toString());
        job.finishedAt().ifPresent(at -> body.put("finishedAt", at.toString()));
        if (job.error() != null) {
            body.put("error", job.error());
        }
        return body;
    }
}

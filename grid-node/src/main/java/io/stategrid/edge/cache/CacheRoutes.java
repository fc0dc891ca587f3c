package io.stategrid.edge.cache;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.lock.Locks;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /v1/caches}: named caches in the caller's own tenant. Reading needs {@value #READ_ROLE} or
 * {@value #WRITE_ROLE}, writing and invalidating {@value #WRITE_ROLE} (or {@code admin}). A GET of a key
 * answers with the stored bytes and their content type as they are, the version as a strong ETag; a
 * cache with a loader reads through on a miss.
 */
public final class CacheRoutes {
    static final String READ_ROLE = "caches:read";
    static final String WRITE_ROLE = "caches:write";
    /** Most keys or entries in one _mget, _mset or _invalidate. */
    static final int MAX_BULK = 1000;

    private static final CharSequence STALE_HEADER = HttpHeaders.createOptimized("Stategrid-Stale");
    private static final CharSequence TRUE = HttpHeaders.createOptimized("true");

    private final CacheService caches;
    private final Fencing fencing;
    /** Settings of the caches this edge has served, to pick get or read-through without asking. */
    private final Map<String, CacheSpec> specs = new ConcurrentHashMap<>();

    public CacheRoutes(CacheService caches, Locks locks) {
        this.caches = caches;
        this.fencing = new Fencing(locks);
    }

    public void mount(Router router) {
        router.get("/v1/caches").handler(this::list);
        router.get("/v1/caches/:cache/_stats").handler(this::stats);
        router.post("/v1/caches/:cache/_mget").handler(this::mget);
        router.post("/v1/caches/:cache/_mset").handler(this::mset);
        router.post("/v1/caches/:cache/_invalidate").handler(this::invalidate);
        router.get("/v1/caches/:cache/:key").handler(this::get);
        router.put("/v1/caches/:cache/:key").handler(this::put);
        router.delete("/v1/caches/:cache/:key").handler(this::delete);
    }

    /**
     * The hot path: no JSON on the way out, the stored bytes as the body. A cache with a loader reads
     * through; which caches have one is learned from the first successful read of each (settings never
     * change), since asking for a cache's settings before the grid knows it would block the event loop.
     */
    private void get(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String cache = ctx.pathParam("cache");
        String key = ctx.pathParam("key");
        CacheSpec spec = specs.get(cache);
        CompletionStage<Optional<CacheValue>> read;
        if (spec == null) {
            // Async: the get may complete on a Hazelcast response thread, which must not start grid calls.
            read = caches.get(caller.tenant(), cache, key)
                    .thenComposeAsync(
                            found -> {
                                // The read resolved the cache, so its settings are at hand now without a round trip.
                                CacheSpec learned = specs.computeIfAbsent(cache, caches::spec);
                                return found.isPresent() || learned.loader() == null
                                        ? CompletableFuture.completedFuture(found)
                                        : caches.getOrLoad(caller.tenant(), cache, key, null);
                            },
                            Stages.CHAIN);
        } else {
            read = spec.loader() == null
                    ? caches.get(caller.tenant(), cache, key)
                    : caches.getOrLoad(caller.tenant(), cache, key, null);
        }
        Routes.reply(ctx, read, found -> {
            CacheValue value = found.orElseThrow(() -> notFound(cache, key));
            String etag = CacheRequests.etag(value);
            HttpServerResponse response = ctx.response().putHeader(HttpHeaders.ETAG, etag);
            if (value.stale()) {
                response.putHeader(STALE_HEADER, TRUE);
            }
            if (CacheRequests.notModified(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
                response.setStatusCode(304).end();
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, value.contentType())
                        .end(Buffer.buffer(value.value()));
            }
        });
    }

    /** {@code PUT ?ttl=60s&tags=a,b} with the value as the body, any media type (JSON is validated). */
    private void put(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String cache = ctx.pathParam("cache");
        String key = ctx.pathParam("key");
        String contentType = CacheRequests.contentType(ctx);
        MultiMap query = ctx.queryParams();
        Duration ttl = CacheRequests.ttl(query.get("ttl"), "ttl");
        Set<String> tags = CacheRequests.tags(query.getAll("tags"));
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        CacheWrite write = new CacheWrite(bytes, contentType, ttl, tags, Routes.tokenOnly(ctx));
        Routes.reply(
                ctx,
                Routes.guarded(ctx, fencing, caller, () -> caches.put(caller.tenant(), cache, key, write)),
                value -> ctx.response()
                        .putHeader(HttpHeaders.ETAG, CacheRequests.etag(value))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(CacheJson.written(value)));
    }

    private void delete(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String cache = ctx.pathParam("cache");
        String key = ctx.pathParam("key");
        Routes.reply(ctx, caches.delete(caller.tenant(), cache, key), removed -> {
            if (!removed) {
                throw notFound(cache, key);
            }
            ctx.response().setStatusCode(204).end();
        });
    }

    /** {@code POST _mget {"keys":[...]}}: {@code {"found":{key: entry}, "missing":[...]}}. */
    private void mget(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String cache = ctx.pathParam("cache");
        List<String> keys = strings(Routes.jsonBody(ctx), "keys", true);
        Routes.reply(
                ctx, caches.getAll(caller.tenant(), cache, keys), found -> json(ctx, CacheJson.found(keys, found)));
    }

    /**
     * {@code POST _mset {"entries":[{"key","value","ttl"?,"tags"?}], "ttl"?, "tags"?}}: JSON values; the
     * top-level ttl and tags apply to entries that name none. Answers {@code {"written": n}}.
     */
    private void mset(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String cache = ctx.pathParam("cache");
        JsonObject body = Routes.jsonBody(ctx);
        Object entries = body.getValue("entries");
        if (!(entries instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_BULK) {
            throw StategridException.invalid("\"entries\" must be a list of 1-%d {key, value, ttl?, tags?}", MAX_BULK);
        }
        Duration defaultTtl = CacheRequests.ttl(text(body, "ttl"), "ttl");
        List<String> defaultTags = body.containsKey("tags") ? strings(body, "tags", false) : List.of();
        Map<String, CacheWrite> writes = new LinkedHashMap<>();
        for (Object item : list) {
            if (!(item instanceof JsonObject entry)) {
                throw StategridException.invalid(
                        "each entry must be an object {key, value, ttl?, tags?}, got %s", item);
            }
            String key = text(entry, "key");
            if (key == null || !entry.containsKey("value") || entry.getValue("value") == null) {
                throw StategridException.invalid(
                        "each entry needs a string \"key\" and a non-null \"value\", got %s", entry.encode());
            }
            byte[] value = Json.encode(entry.getValue("value")).getBytes(StandardCharsets.UTF_8);
            Duration ttl =
                    entry.containsKey("ttl") ? CacheRequests.ttl(text(entry, "ttl"), "ttl of " + key) : defaultTtl;
            List<String> tags = entry.containsKey("tags") ? strings(entry, "tags", false) : defaultTags;
            if (writes.put(key, new CacheWrite(value, CacheValue.JSON, ttl, Set.copyOf(tags), null)) != null) {
                throw StategridException.invalid("key %s appears twice in entries", key);
            }
        }
        Routes.reply(
                ctx,
                caches.putAll(caller.tenant(), cache, writes),
                done -> json(ctx, "{\"written\":" + writes.size() + "}"));
    }

    /**
     * {@code POST _invalidate} with exactly one of {@code {"keys":[...]}} ({@code {"invalidated": n}}),
     * {@code {"tags":[...]}} (the same) or {@code {"all": true}} ({@code {"generation": g}}).
     */
    private void invalidate(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String cache = ctx.pathParam("cache");
        JsonObject body = Routes.jsonBody(ctx);
        int given = (body.containsKey("keys") ? 1 : 0)
                + (body.containsKey("tags") ? 1 : 0)
                + (body.containsKey("all") ? 1 : 0);
        if (given != 1 || body.size() != 1) {
            throw StategridException.invalid(
                    "give exactly one of {\"keys\":[...]}, {\"tags\":[...]} or {\"all\":true}");
        }
        if (body.containsKey("all")) {
            if (!Boolean.TRUE.equals(body.getValue("all"))) {
                throw StategridException.invalid("\"all\" must be true, got %s", body.getValue("all"));
            }
            Routes.reply(
                    ctx,
                    caches.invalidateAll(caller.tenant(), cache),
                    generation -> json(ctx, "{\"generation\":" + generation + "}"));
            return;
        }
        CompletionStage<Integer> removed = body.containsKey("keys")
                ? caches.invalidateKeys(caller.tenant(), cache, strings(body, "keys", true))
                : caches.invalidateTags(caller.tenant(), cache, strings(body, "tags", true));
        Routes.reply(ctx, removed, n -> json(ctx, "{\"invalidated\":" + n + "}"));
    }

    private void stats(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String cache = ctx.pathParam("cache");
        Routes.reply(ctx, caches.stats(cache), stats -> json(ctx, CacheJson.stats(stats, caller.isAdmin())));
    }

    /** {@code GET /v1/caches}: {@code {"caches":[settings]}}; loader queries are shown to admins only. */
    private void list(RoutingContext ctx) {
        Principal caller = reader(ctx);
        // list() reads the replicated registry with a blocking call: off the event loop.
        Routes.reply(ctx, ctx.vertx().executeBlocking(caches::list, false).toCompletionStage(), specs -> {
            StringBuilder out = new StringBuilder("{\"caches\":[");
            List<CacheSpec> sorted = new ArrayList<>(specs);
            sorted.sort(Comparator.comparing(CacheSpec::name));
            for (int i = 0; i < sorted.size(); i++) {
                out.append(i == 0 ? "" : ",").append(CacheJson.spec(sorted.get(i), caller.isAdmin()));
            }
            json(ctx, out.append("]}").toString());
        });
    }

    private static void json(RoutingContext ctx, String body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    private static Principal reader(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("reading caches", READ_ROLE, WRITE_ROLE);
    }

    private static Principal writer(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("changing caches", WRITE_ROLE);
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw StategridException.invalid("\"%s\" must be a string, got %s", field, value);
        }
        return (String) value;
    }

    private static List<String> strings(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (!(value instanceof JsonArray array) || (required && array.isEmpty()) || array.size() > MAX_BULK) {
            throw StategridException.invalid(
                    "\"%s\" must be a list of %d-%d strings, got %s", field, required ? 1 : 0, MAX_BULK, value);
        }
        List<String> strings = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw StategridException.invalid("\"%s\" must hold strings only, got %s", field, item);
            }
            strings.add(s);
        }
        return strings;
    }

    private static StategridException notFound(String cache, String key) {
        return StategridException.of(ErrorCode.NOT_FOUND, "no key %s in cache %s", key, cache);
    }
}

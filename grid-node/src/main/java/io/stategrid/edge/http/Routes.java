package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.lock.Fence;
import io.stategrid.lock.FencingToken;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the route classes share: replying from a grid stage, JSON bodies, and version preconditions. */
public final class Routes {
    private Routes() {}

    public static <T> void reply(RoutingContext ctx, CompletionStage<T> stage, Consumer<T> onSuccess) {
        reply(ctx, stage, onSuccess, ctx::fail);
    }

    /** Replies from {@code stage} on the request's context; a failure goes to {@code onFailure}. */
    public static <T> void reply(
            RoutingContext ctx, CompletionStage<T> stage, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        GridFutures.onContextOrNow(stage, ctx.vertx().getOrCreateContext())
                .onSuccess(value -> {
                    try {
                        onSuccess.accept(value);
                    } catch (RuntimeException e) {
                        ctx.fail(e);
                    }
                })
                .onFailure(onFailure::accept);
    }

    /** Ends the response with {@code body} as JSON. */
    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.encode());
    }

    public static JsonObject jsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // length() is -1 when the request carried no body at all; asJsonObject() is then null.
        if (ctx.body().length() <= 0) {
            return new JsonObject();
        }
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw StategridException.of(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json, got %s", type);
        }
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw StategridException.invalid("the body must be a JSON object: %s", e.getMessage());
        }
    }

    public static OptionalLong ifMatch(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
        if (header == null) {
            return OptionalLong.empty();
        }
        String trimmed = header.trim();
        if (trimmed.length() < 3 || !trimmed.startsWith("\"") || !trimmed.endsWith("\"")) {
            throw StategridException.invalid("If-Match must be a strong ETag like \"3\", got %s", header);
        }
        try {
            return OptionalLong.of(Long.parseLong(trimmed.substring(1, trimmed.length() - 1)));
        } catch (NumberFormatException e) {
            throw StategridException.invalid("If-Match must name a version number, got %s", header);
        }
    }

    public static final String FENCING_TOKEN = "Fencing-Token";
    public static final String FENCING_LOCK = "Fencing-Lock";

    /**
     * The fence of a guarded write: {@code Fencing-Token} (a whole number >= 1) and, optionally,
     * {@code Fencing-Lock} naming the caller's lock whose lease must still be live. Null without a token.
     */
    public static Fence fence(RoutingContext ctx) {
        String token = ctx.request().getHeader(FENCING_TOKEN);
        String lock = ctx.request().getHeader(FENCING_LOCK);
        if (token == null) {
            if (lock != null) {
                throw StategridException.invalid("%s needs a %s header", FENCING_LOCK, FENCING_TOKEN);
            }
            return null;
        }
        long value;
        try {
            value = Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw StategridException.invalid("%s must be a whole number >= 1, got '%s'", FENCING_TOKEN, token);
        }
        if (value < 1) {
            throw StategridException.invalid("%s must be a whole number >= 1, got '%s'", FENCING_TOKEN, token);
        }
        return new Fence(lock == null ? null : lock.trim(), new FencingToken(value));
    }

    /**
     * Runs {@code write} once the request's fence, if it names a lock, is a live lease in the caller's
     * tenant; the write itself then carries the token alone, which the resource checks.
     */
    public static <T> CompletionStage<T> guarded(
            RoutingContext ctx, Fencing fencing, Principal caller, Supplier<CompletionStage<T>> write) {
        return fencing.guarded(caller.tenant(), fence(ctx), write);
    }

    /** The token-only fence a guarded write carries to the resource, or null. */
    public static Fence tokenOnly(RoutingContext ctx) {
        Fence fence = fence(ctx);
        return fence == null ? null : new Fence(null, fence.token());
    }

    /** A JSON field that must be a whole number >= 1 (versions, ids, sequence numbers). */
    public static long positive(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1) {
            return n.longValue();
        }
        throw StategridException.invalid("\"%s\" must be a whole number >= 1, got %s", field, value);
    }
}

package io.stategrid.edge.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/** What the route classes share: replying from a grid stage, JSON bodies, and version preconditions. */
final class Routes {
    private Routes() {
    }

    static <T> void reply(RoutingContext ctx, CompletionStage<T> stage, java.util.function.Consumer<T> onSuccess) {
        reply(ctx, stage, onSuccess, ctx::fail);
    }

    /** Replies from {@code stage} on the request's context; a failure goes to {@code onFailure}. */
    static <T> void reply(RoutingContext ctx, CompletionStage<T> stage, java.util.function.Consumer<T> onSuccess,
                          java.util.function.Consumer<Throwable> onFailure) {
        GridFutures.onContext(stage, ctx.vertx().getOrCreateContext()).onSuccess(value -> {
            try {
                onSuccess.accept(value);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        }).onFailure(onFailure::accept);
    }

    static JsonObject jsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // length() is -1 when the request carried no body at all; asJsonObject() is then null.
        if (ctx.body().length() <= 0) {
            return new JsonObject();
        }
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw StategridException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json, got %s", type);
        }
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw StategridException.invalid("the body must be a JSON object: %s", e.getMessage());
        }
    }

    static OptionalLong ifMatch(RoutingContext ctx) {
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

    /** A JSON field that must be a whole number >= 1 (versions, ids, sequence numbers). */
    static long positive(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1) {
            return n.longValue();
        }
        throw StategridException.invalid("\"%s\" must be a whole number >= 1, got %s", field, value);
    }
}

package io.stategrid.edge.counter;

import io.stategrid.StategridException;
import io.stategrid.counter.Counters;
import io.stategrid.counter.Transfer;
import io.stategrid.counter.TransferOptions;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v1/counters}: partitioned and strong counters and transfers in the caller's own tenant. Reading
 * needs {@value #READ_ROLE} or {@value #WRITE_ROLE}, changing needs {@value #WRITE_ROLE} (or {@code admin}).
 */
public final class CounterRoutes {
    static final String READ_ROLE = "counters:read";
    static final String WRITE_ROLE = "counters:write";

    private final Counters counters;

    public CounterRoutes(Counters counters) {
        this.counters = counters;
    }

    public void mount(Router router) {
        router.post("/v1/counters/_transfer").handler(this::transfer);
        router.post("/v1/counters/:name/_add").handler(this::add);
        router.get("/v1/counters/:name").handler(this::get);
    }

    /** {@code POST /v1/counters/{name}/_add {delta, consistency?}}: {@code {name, value}}. */
    private void add(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String name = ctx.pathParam("name");
        JsonObject body = Routes.jsonBody(ctx);
        long delta = wholeNumber(body, "delta");
        boolean strong = strong(body.getValue("consistency"));
        CompletionStage<Long> value =
                strong ? counters.strongAdd(caller.tenant(), name, delta) : counters.add(caller.tenant(), name, delta);
        Routes.reply(
                ctx, value, v -> send(ctx, new JsonObject().put("name", name).put("value", v)));
    }

    /** {@code GET /v1/counters/{name}?consistency=}: {@code {name, value}}, 0 for a counter never written. */
    private void get(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String name = ctx.pathParam("name");
        boolean strong = strong(ctx.queryParams().get("consistency"));
        CompletionStage<Long> value =
                strong ? counters.strongGet(caller.tenant(), name) : counters.get(caller.tenant(), name);
        Routes.reply(
                ctx, value, v -> send(ctx, new JsonObject().put("name", name).put("value", v)));
    }

    /** {@code POST /v1/counters/_transfer {from, to, amount, allowNegative?, transferId?}}: the transfer as applied. */
    private void transfer(RoutingContext ctx) {
        Principal caller = writer(ctx);
        JsonObject body = Routes.jsonBody(ctx);
        String from = text(body, "from", true);
        String to = text(body, "to", true);
        long amount = wholeNumber(body, "amount");
        Object allowNegative = body.getValue("allowNegative");
        if (allowNegative != null && !(allowNegative instanceof Boolean)) {
            throw StategridException.invalid("\"allowNegative\" must be true or false, got %s", allowNegative);
        }
        TransferOptions.Builder options = TransferOptions.builder().allowNegative(Boolean.TRUE.equals(allowNegative));
        String transferId = text(body, "transferId", false);
        if (transferId != null) {
            options.transferId(transferId);
        }
        Routes.reply(
                ctx,
                counters.transfer(caller.tenant(), from, to, amount, options.build()),
                transfer -> send(ctx, json(transfer)));
    }

    private static JsonObject json(Transfer transfer) {
        return new JsonObject()
                .put("transferId", transfer.transferId())
                .put("from", transfer.from())
                .put("to", transfer.to())
                .put("amount", transfer.amount())
                .put("fromBalance", transfer.fromBalance())
                .put("toBalance", transfer.toBalance())
                .put("duplicate", transfer.duplicate());
    }

    private static void send(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    /** "partitioned" (the default) or "strong", from the body or the query. */
    private static boolean strong(Object consistency) {
        if (consistency == null || "partitioned".equals(consistency)) {
            return false;
        }
        if ("strong".equals(consistency)) {
            return true;
        }
        throw StategridException.invalid("consistency must be \"partitioned\" or \"strong\", got %s", consistency);
    }

    /**
     * A JSON integer that fits a long. Fractions are refused even when whole (1.0): a JSON number with a
     * fraction or exponent is a double, which cannot carry every long exactly.
     */
    private static long wholeNumber(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < Long.SIZE) {
                return big.longValue();
            }
            throw StategridException.invalid("\"%s\" must fit a signed 64-bit integer, got %s", field, big);
        }
        throw StategridException.invalid(
                "\"%s\" must be a whole number (a JSON integer), got %s",
                field, value instanceof String s ? "\"" + s + "\"" : value);
    }

    private static String text(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null && !required) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw StategridException.invalid(
                "\"%s\" must be a string%s, got %s", field, required ? " (required)" : "", value);
    }

    private static Principal reader(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("reading counters", READ_ROLE, WRITE_ROLE);
    }

    private static Principal writer(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("changing counters", WRITE_ROLE);
    }
}

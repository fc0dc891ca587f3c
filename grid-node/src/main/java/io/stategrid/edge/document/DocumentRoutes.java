package io.stategrid.edge.document;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.PatchFormat;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.ErrorResponses;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.lock.Locks;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;

/**
 * {@code /v1/docs/{id}}: documents over plain HTTP, versions as strong ETags. A caller works in its
 * own tenant; reading needs the {@value #READ_ROLE} or {@value #WRITE_ROLE} role, changing needs
 * {@value #WRITE_ROLE} (or {@code admin}). Ops record the JWT subject as their author.
 */
public final class DocumentRoutes {
    public static final String READ_ROLE = "docs:read";
    public static final String WRITE_ROLE = "docs:write";

    private final Documents documents;
    private final Fencing fencing;

    public DocumentRoutes(Documents documents, Locks locks) {
        this.documents = documents;
        this.fencing = new Fencing(locks);
    }

    public void mount(Router router) {
        router.put("/v1/docs/:id").handler(this::put);
        router.get("/v1/docs/:id").handler(this::get);
        router.patch("/v1/docs/:id").handler(this::patch);
        router.delete("/v1/docs/:id").handler(this::delete);
        router.post("/v1/docs/:id/ops").handler(this::submit);
        router.get("/v1/docs/:id/ops").handler(this::ops);
        router.post("/v1/docs/:id/_restore").handler(this::restore);
    }

    private void put(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String id = ctx.pathParam("id");
        DocumentType type = DocumentType.fromWire(
                ctx.queryParams().get("type") == null
                        ? "json"
                        : ctx.queryParams().get("type"));
        DocumentRequests.requireMediaType(ctx, type == DocumentType.JSON ? "application/json" : "text/plain");
        String content = DocumentRequests.utf8(ctx);
        Edit edit = edit(ctx, caller);
        boolean createOnly = "*".equals(DocumentRequests.trimmed(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH)));
        Routes.reply(
                ctx,
                Routes.guarded(
                        ctx,
                        fencing,
                        caller,
                        () -> createOnly
                                ? documents.create(caller.tenant(), id, type, content, edit)
                                : documents.put(caller.tenant(), id, type, content, edit)),
                document -> {
                    boolean created = document.createdAt().equals(document.updatedAt());
                    if (created) {
                        ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/docs/" + id);
                    }
                    send(ctx, created ? 201 : 200, document);
                },
                failure -> preconditionFailed(ctx, caller, id, failure, createOnly));
    }

    private void get(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String id = ctx.pathParam("id");
        String version = ctx.queryParams().get("version");
        if (version == null) {
            Routes.reply(ctx, documents.get(caller.tenant(), id), found -> {
                Document document = found.orElseThrow(() -> notFound(id));
                if (DocumentJson.etag(document)
                        .equals(DocumentRequests.trimmed(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH)))) {
                    ctx.response()
                            .setStatusCode(304)
                            .putHeader(HttpHeaders.ETAG, DocumentJson.etag(document))
                            .end();
                } else {
                    send(ctx, 200, document);
                }
            });
        } else {
            long v = DocumentRequests.positive("version", version);
            Routes.reply(
                    ctx,
                    documents.get(caller.tenant(), id, v),
                    found -> send(
                            ctx,
                            200,
                            found.orElseThrow(() -> StategridException.of(
                                    ErrorCode.NOT_FOUND, "document %s did not exist at version %d", id, v))));
        }
    }

    private void patch(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String id = ctx.pathParam("id");
        String mediaType = DocumentRequests.mediaType(ctx);
        PatchFormat format = null;
        for (PatchFormat candidate : PatchFormat.values()) {
            if (candidate.mediaType().equals(mediaType)) {
                format = candidate;
            }
        }
        if (format == null) {
            throw StategridException.of(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "PATCH takes %s or %s, got %s",
                    PatchFormat.JSON_PATCH.mediaType(),
                    PatchFormat.MERGE_PATCH.mediaType(),
                    mediaType);
        }
        String patch = DocumentRequests.utf8(ctx);
        Edit edit = edit(ctx, caller);
        PatchFormat chosen = format;
        Routes.reply(
                ctx,
                Routes.guarded(ctx, fencing, caller, () -> documents.patch(caller.tenant(), id, chosen, patch, edit)),
                document -> send(ctx, 200, document),
                failure -> preconditionFailed(ctx, caller, id, failure, false));
    }

    private void delete(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String id = ctx.pathParam("id");
        Edit edit = edit(ctx, caller);
        Routes.reply(
                ctx,
                Routes.guarded(ctx, fencing, caller, () -> documents.delete(caller.tenant(), id, edit)),
                deleted -> {
                    if (!deleted) {
                        throw notFound(id);
                    }
                    ctx.response().setStatusCode(204).end();
                },
                failure -> preconditionFailed(ctx, caller, id, failure, false));
    }

    /** {@code POST /v1/docs/{id}/ops {baseVersion, op, clientId?, clientSeq?}}: {@code {version, duplicate, op}}. */
    private void submit(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String id = ctx.pathParam("id");
        JsonObject body = Routes.jsonBody(ctx);
        long base = Routes.positive(body, "baseVersion");
        Object op = body.getValue("op");
        if (!(op instanceof JsonArray array)) {
            throw StategridException.invalid("the body needs \"op\": a text op or JSON Patch (an array)");
        }
        Object clientId = body.getValue("clientId");
        if (clientId != null && !(clientId instanceof String)) {
            throw StategridException.invalid("clientId must be a string");
        }
        Edit edit = Edit.by(caller.subject()).fenced(Routes.tokenOnly(ctx));
        if (clientId != null) {
            edit = edit.client((String) clientId, Routes.positive(body, "clientSeq"));
        }
        String encoded = array.encode();
        Edit submitted = edit;
        Routes.reply(
                ctx,
                Routes.guarded(
                        ctx, fencing, caller, () -> documents.submit(caller.tenant(), id, base, encoded, submitted)),
                ack -> {
                    StringBuilder out = new StringBuilder("{\"version\":")
                            .append(ack.version())
                            .append(",\"duplicate\":")
                            .append(ack.duplicate())
                            .append(",\"op\":")
                            .append(ack.op())
                            .append('}');
                    ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(out.toString());
                },
                failure -> {
                    StategridException error = StategridException.from(failure);
                    if (error.code() != ErrorCode.VERSION_CONFLICT) {
                        ctx.fail(error);
                        return;
                    }
                    // Not a failed precondition header but a rejected op: 409, with the code that says rebase.
                    ctx.response()
                            .setStatusCode(409)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(ErrorResponses.body(error.code(), error.description())
                                    .encode());
                });
    }

    /** {@code GET /v1/docs/{id}/ops?from=N[&to=M][&limit=L]}: {@code {ops, next?}}, oldest first. */
    private void ops(RoutingContext ctx) {
        Principal caller = reader(ctx);
        String id = ctx.pathParam("id");
        String fromParam = ctx.queryParams().get("from");
        if (fromParam == null) {
            throw StategridException.invalid("give ?from=N (the first version wanted)");
        }
        long from = DocumentRequests.positive("from", fromParam);
        String toParam = ctx.queryParams().get("to");
        long to = toParam == null ? Long.MAX_VALUE : DocumentRequests.positive("to", toParam);
        String limitParam = ctx.queryParams().get("limit");
        int limit = limitParam == null ? 1000 : (int) Math.min(1000, DocumentRequests.positive("limit", limitParam));
        if (to < from) {
            throw StategridException.invalid("to (%d) must not be below from (%d)", to, from);
        }
        Routes.reply(ctx, documents.ops(caller.tenant(), id, from, to, limit), ops -> {
            StringBuilder out = new StringBuilder("{\"ops\":[");
            for (int i = 0; i < ops.size(); i++) {
                out.append(i == 0 ? "" : ",").append(DocumentJson.opJson(ops.get(i)));
            }
            out.append(']');
            if (ops.size() == limit && ops.get(ops.size() - 1).version() < to) {
                out.append(",\"next\":").append(ops.get(ops.size() - 1).version() + 1);
            }
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(out.append('}').toString());
        });
    }

    private void restore(RoutingContext ctx) {
        Principal caller = writer(ctx);
        String id = ctx.pathParam("id");
        long version = Routes.positive(Routes.jsonBody(ctx), "version");
        Edit edit = edit(ctx, caller);
        Routes.reply(
                ctx,
                Routes.guarded(ctx, fencing, caller, () -> documents.restore(caller.tenant(), id, version, edit)),
                document -> send(ctx, 200, document),
                failure -> preconditionFailed(ctx, caller, id, failure, false));
    }

    /** RFC 9110: a failed If-Match (or If-None-Match: *) is 412, with the current document to merge against. */
    private void preconditionFailed(
            RoutingContext ctx, Principal caller, String id, Throwable failure, boolean createOnly) {
        StategridException error = StategridException.from(failure);
        boolean precondition =
                error.code() == ErrorCode.VERSION_CONFLICT || (createOnly && error.code() == ErrorCode.CONFLICT);
        if (!precondition) {
            ctx.fail(error);
            return;
        }
        Routes.reply(ctx, documents.get(caller.tenant(), id), current -> {
            JsonObject body = ErrorResponses.body(ErrorCode.VERSION_CONFLICT, error.description());
            current.ifPresent(document -> {
                ctx.response().putHeader(HttpHeaders.ETAG, DocumentJson.etag(document));
                body.put("current", new JsonObject(DocumentJson.json(document)));
            });
            ctx.response()
                    .setStatusCode(412)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(body.encode());
        });
    }

    private static Principal reader(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("reading documents", READ_ROLE, WRITE_ROLE);
    }

    private static Principal writer(RoutingContext ctx) {
        return AuthHandler.principal(ctx).require("changing documents", WRITE_ROLE);
    }

    private static Edit edit(RoutingContext ctx, Principal caller) {
        OptionalLong expected = Routes.ifMatch(ctx);
        Edit edit = Edit.by(caller.subject()).fenced(Routes.tokenOnly(ctx));
        return expected.isPresent() ? edit.ifVersion(expected.getAsLong()) : edit;
    }

    private static StategridException notFound(String id) {
        return StategridException.of(ErrorCode.NOT_FOUND, "no document %s", id);
    }

    private static void send(RoutingContext ctx, int status, Document document) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.ETAG, DocumentJson.etag(document))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(DocumentJson.json(document));
    }
}
